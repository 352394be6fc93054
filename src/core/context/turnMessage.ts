// The shape of a conversation message that compaction reads (the chat's stored messages have it).

export interface TurnMessage {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  images?: readonly unknown[];
  toolCalls?: readonly { id: string; name: string; arguments: string; result?: string }[];
}
