// The conversation model: stored shape, titles, the request messages it turns into, Markdown export.
import type { ChatMessage, ContentPart } from '../gateway/types';
import type { StoredToolCall } from '../tools/toolTypes';
import type { Compaction } from '../context/compaction';

/** Bumped when the stored shape changes incompatibly; a newer file on disk is never overwritten. */
export const CONVERSATION_SCHEMA_VERSION = 1;

export interface StoredImage {
  name: string;
  mime: 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';
  dataUrl: string;
  width: number;
  height: number;
}

type StoredStatus = 'streaming' | 'done' | 'stopped' | 'interrupted' | 'error';
type StoredAction = 'setApiKey' | 'retry' | 'showLog' | 'dropParameter';

export interface StoredMessage {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  images?: StoredImage[];
  reasoning?: string;
  model?: string;
  /** The gateway profile that answered (absent: the default profile). */
  profile?: string;
  status: StoredStatus;
  /** `parameter`: the request parameter the gateway rejected (offered as "Send without"). */
  error?: { message: string; requestId?: string; actions: StoredAction[]; parameter?: string };
  usage?: { promptTokens?: number; completionTokens?: number; totalTokens?: number };
  durationMs?: number;
  requestId?: string;
  createdAt: number;
  /** Every choice of an answer requested with `n` > 1 (in index order); `text` holds the chosen one. */
  choices?: { text: string; reasoning?: string }[];
  chosen?: number;
  /** The answer's tool calls with their results, replayed as `tool_calls` and one `tool` message per id. */
  toolCalls?: StoredToolCall[];
}

export interface Conversation {
  schemaVersion: number;
  id: string;
  title: string;
  model: string;
  /** The gateway profile the model is served from (`applerouter.profiles` id); absent for the default profile. */
  profile?: string;
  systemPrompt: string;
  createdAt: number;
  updatedAt: number;
  messages: StoredMessage[];
  /** The conversation's own request parameters (API names; `null` = never send); absent when it has none. */
  parameters?: Record<string, unknown>;
  /** The conversation (and its message) this one was forked from, with its title at the time. */
  forkedFrom?: ForkOrigin;
  /** Its oldest messages summarized for requests (they stay here whole); absent when nothing was compacted. */
  compaction?: Compaction;
}

/** Where a forked conversation came from. */
interface ForkOrigin {
  id: string;
  title: string;
  messageId: string;
}

/**
 * A new conversation holding copies of the messages up to and including `messageId` (its model, system prompt,
 * parameters and a summary of messages it holds too), recording where it came from; undefined when there is no such
 * finished message.
 */
export function forkConversation(
  conv: Conversation,
  messageId: string,
  id: string,
  now: number,
): Conversation | undefined {
  const i = conv.messages.findIndex((m) => m.id === messageId);
  if (i < 0 || conv.messages.slice(0, i + 1).some((m) => m.status === 'streaming')) return undefined;
  const messages = structuredClone(conv.messages.slice(0, i + 1));
  const fork: Conversation = {
    ...createConversation(id, conv.model, conv.systemPrompt, now),
    title: conv.title,
    messages,
  };
  if (conv.parameters) fork.parameters = structuredClone(conv.parameters);
  if (conv.profile) fork.profile = conv.profile;
  fork.forkedFrom = { id: conv.id, title: conv.title, messageId };
  // The summary goes along when every message it covers is in the fork: it says nothing of what came later.
  const through = conv.compaction ? conv.messages.findIndex((m) => m.id === conv.compaction!.throughId) : -1;
  if (conv.compaction && through >= 0 && through <= i) fork.compaction = structuredClone(conv.compaction);
  return fork;
}

const MAX_TITLE_LENGTH = 60;

/** A new conversation that continues a read-only one (a newer version's): the same model, prompt and profile. */
export function continuationOf(conv: Conversation, fresh: Conversation): Conversation {
  return {
    ...fresh,
    model: conv.model,
    systemPrompt: conv.systemPrompt,
    ...(conv.profile ? { profile: conv.profile } : {}),
  };
}

/**
 * Cuts a conversation for Retry / Regenerate: an answer and everything after it go, or, for a user message, the
 * answer after it and the rest. False when the message is not there.
 */
export function cutForRetry(messages: StoredMessage[], messageId: string): boolean {
  const i = messages.findIndex((m) => m.id === messageId);
  if (i < 0) return false;
  messages.splice(messages[i]!.role === 'assistant' ? i : i + 1);
  return true;
}

/** Cuts a conversation at a user message for Edit and Resend; the message cut off (for its images), if any. */
export function cutForEdit<M extends StoredMessage>(messages: M[], messageId: string): M | undefined {
  const i = messages.findIndex((m) => m.id === messageId && m.role === 'user');
  return i < 0 ? undefined : messages.splice(i)[0];
}

export function createConversation(id: string, model: string, systemPrompt: string, now = Date.now()): Conversation {
  return {
    schemaVersion: CONVERSATION_SCHEMA_VERSION,
    id,
    title: '',
    model,
    systemPrompt,
    createdAt: now,
    updatedAt: now,
    messages: [],
  };
}

/** A title from the first message: its first non-empty line, whitespace collapsed, cut at a word. */
export function titleFromText(text: string, fallback: string): string {
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  const flat = line.replace(/\s+/g, ' ');
  if (!flat) return fallback;
  const chars = Array.from(flat);
  if (chars.length <= MAX_TITLE_LENGTH) return flat;
  const cut = chars.slice(0, MAX_TITLE_LENGTH).join('');
  const space = cut.lastIndexOf(' ');
  return (space > MAX_TITLE_LENGTH / 2 ? cut.slice(0, space) : cut) + '…';
}

/**
 * The request messages for the conversation from `from` up to (not including) `endIndex`: the system prompt, then
 * user turns with their images and assistant turns with the text they have (failed answers are left out).
 */
export function toChatMessages(conv: Conversation, endIndex = conv.messages.length, from = 0): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (conv.systemPrompt.trim()) out.push({ role: 'system', content: conv.systemPrompt });
  for (const m of conv.messages.slice(from, endIndex)) {
    if (m.role === 'user') {
      if (m.images?.length) {
        const parts: ContentPart[] = [];
        if (m.text) parts.push({ type: 'text', text: m.text });
        for (const img of m.images) parts.push({ type: 'image_url', image_url: { url: img.dataUrl } });
        out.push({ role: 'user', content: parts });
      } else {
        out.push({ role: 'user', content: m.text });
      }
    } else if (m.toolCalls?.length) {
      // Exactly as sent: the raw argument strings and the results the model saw, in the calls' order.
      out.push({
        role: 'assistant',
        content: m.text || null,
        tool_calls: m.toolCalls.map((c) => ({
          id: c.id,
          type: 'function',
          function: { name: c.name, arguments: c.arguments },
        })),
      });
      for (const c of m.toolCalls) out.push({ role: 'tool', tool_call_id: c.id, content: c.result ?? '' });
    } else if (m.text.trim()) {
      out.push({ role: 'assistant', content: m.text });
    }
  }
  return out;
}

/** After a reload nothing is streaming any more: an answer saved mid-stream is marked interrupted. */
export function markStaleStreams(conv: Conversation): boolean {
  let changed = false;
  for (const m of conv.messages) {
    if (m.status === 'streaming') {
      m.status = 'interrupted';
      changed = true;
    }
  }
  return changed;
}

export interface ExportLabels {
  you: string;
  assistant: string;
  systemPrompt: string;
  image: string;
}

/** The conversation as a Markdown document (images as their names: data URIs would swamp the file). */
export function toMarkdown(conv: Conversation, labels: ExportLabels): string {
  const lines: string[] = [`# ${conv.title || conv.id}`, ''];
  if (conv.systemPrompt.trim())
    lines.push(`> **${labels.systemPrompt}:** ${conv.systemPrompt.replace(/\n/g, '\n> ')}`, '');
  for (const m of conv.messages) {
    const who = m.role === 'user' ? labels.you : m.model ? `${labels.assistant} (${m.model})` : labels.assistant;
    lines.push(`## ${who}`, '');
    for (const img of m.images ?? []) lines.push(`*[${labels.image}: ${img.name}]*`, '');
    lines.push(m.text, '');
  }
  return lines.join('\n');
}

/** Is this a conversation we can read? Checked on every file read from disk. */
export function isConversation(v: unknown): v is Conversation {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.schemaVersion === 'number' &&
    typeof c.id === 'string' &&
    typeof c.title === 'string' &&
    typeof c.model === 'string' &&
    typeof c.systemPrompt === 'string' &&
    typeof c.createdAt === 'number' &&
    typeof c.updatedAt === 'number' &&
    Array.isArray(c.messages) &&
    c.messages.every(
      (m: unknown) =>
        typeof m === 'object' &&
        m !== null &&
        typeof (m as StoredMessage).id === 'string' &&
        ((m as StoredMessage).role === 'user' || (m as StoredMessage).role === 'assistant') &&
        typeof (m as StoredMessage).text === 'string' &&
        typeof (m as StoredMessage).status === 'string',
    )
  );
}
