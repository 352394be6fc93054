// The parts of a chat request and how they are put together: system prompt and rules, the summary of earlier
// messages in their place, the messages after it (tool results shortened where asked), parameters and tools.
import type { ChatMessage, ChatRequest, ToolDefinition } from '../gateway';
import { summaryEnd, summaryMessage, withShortenedResults, type ContextWindow } from '../context';
import type { ToolHost } from '../tools';
import { toChatMessages, type Conversation } from './conversation';

/** A request and the tools it offers (undefined: none). */
export interface BuiltRequest {
  request: ChatRequest;
  tools: ToolDefinition[] | undefined;
  /** The model's window and the request's tokens as counted, when the window is known. */
  window?: ContextWindow;
  tokens?: number;
}

export interface BuildOptions {
  /** false: offer no tools. */
  offerTools?: boolean;
  /** `now`: compact whatever the size (the user's Compact now). */
  compact?: 'now';
  signal?: AbortSignal;
}

/** The parts a request is made of, so that it can be made again with some tool results shortened. */
export interface RequestParts {
  conv: Conversation;
  endIndex: number;
  rules: string | undefined;
  tools: ToolDefinition[] | undefined;
  params: Omit<Partial<ChatRequest>, 'model' | 'messages' | 'tools'>;
}

/**
 * The request from its parts: the system prompt and rules, the summary of earlier messages (when there is one) in
 * their place, then the messages after it, with the `shortened` tool results as stubs.
 */
export function compose(p: RequestParts, shortened: ReadonlySet<string>): ChatRequest {
  const from = summaryEnd(p.conv.messages, p.conv.compaction);
  let messages = withSystemContext(toChatMessages(p.conv, p.endIndex, from), p.rules);
  if (from > 0 && p.conv.compaction) {
    const at = messages.findIndex((m) => m.role !== 'system');
    const i = at < 0 ? messages.length : at;
    messages = [...messages.slice(0, i), summaryMessage(p.conv.compaction), ...messages.slice(i)];
  }
  if (shortened.size > 0) {
    const names = new Map<string, string>();
    for (const m of p.conv.messages) for (const c of m.toolCalls ?? []) names.set(c.id, c.name);
    messages = withShortenedResults(messages, shortened, names);
  }
  return withTools({ model: p.conv.model, messages, ...p.params }, p.tools);
}

/** The tools for this request (none when the host offers none for the model). */
export function toolsFor(tools: ToolHost | undefined, model: string): ToolDefinition[] | undefined {
  const defs = tools?.definitions(model);
  return defs && defs.length > 0 ? defs : undefined;
}

/** The request with its tools, or without them. */
function withTools(request: ChatRequest, defs: ToolDefinition[] | undefined): ChatRequest {
  return defs ? { ...request, tools: defs } : request;
}

/** The request messages with the project rules as a system message after the conversation's own system prompt. */
function withSystemContext(messages: ChatMessage[], context: string | undefined): ChatMessage[] {
  if (!context?.trim()) return messages;
  const at = messages[0]?.role === 'system' ? 1 : 0;
  return [...messages.slice(0, at), { role: 'system', content: context }, ...messages.slice(at)];
}
