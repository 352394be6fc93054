// Turns a language-model request (messages of text, image, tool-call and tool-result parts; tools) into a chat request.
import {
  DEFAULT_ANSWER_LIMITS,
  type ChatMessage,
  type ChatRequest,
  type ContentPart,
  type ToolCall,
  type ToolDefinition,
} from '../gateway';

/** One piece of a message, as the editor's language-model API hands it over, without its classes. */
export type LmPart =
  | { kind: 'text'; text: string }
  | { kind: 'image'; mimeType: string; data: Uint8Array }
  | { kind: 'toolCall'; callId: string; name: string; input: unknown }
  | { kind: 'toolResult'; callId: string; content: string };

export interface LmMessage {
  role: 'system' | 'user' | 'assistant';
  parts: readonly LmPart[];
}

export interface LmTool {
  name: string;
  description: string;
  inputSchema?: object;
}

export type LmToolMode = 'auto' | 'required';

/** The chat messages for `messages`, in order; tool results become `tool` messages right after their calls. */
export function toChatMessages(messages: readonly LmMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    if (m.role === 'system') {
      const text = textOf(m.parts);
      if (text) out.push({ role: 'system', content: text });
      continue;
    }
    if (m.role === 'assistant') {
      const calls = m.parts.filter((p): p is Extract<LmPart, { kind: 'toolCall' }> => p.kind === 'toolCall');
      const text = textOf(m.parts);
      if (!calls.length) {
        out.push({ role: 'assistant', content: text });
        continue;
      }
      out.push({
        role: 'assistant',
        content: text || null,
        tool_calls: calls.map((c) => ({
          id: c.callId,
          type: 'function',
          function: { name: c.name, arguments: JSON.stringify(c.input ?? {}) },
        })),
      });
      continue;
    }
    // A user turn: its tool results answer the previous assistant turn's calls, so they go first.
    for (const p of m.parts)
      if (p.kind === 'toolResult') out.push({ role: 'tool', tool_call_id: p.callId, content: p.content });
    const content: ContentPart[] = [];
    for (const p of m.parts) {
      if (p.kind === 'text') {
        const last = content[content.length - 1];
        if (last?.type === 'text') last.text += p.text;
        else content.push({ type: 'text', text: p.text });
      } else if (p.kind === 'image') {
        content.push({
          type: 'image_url',
          image_url: {
            url: `data:${p.mimeType};base64,${Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength).toString('base64')}`,
          },
        });
      }
    }
    if (!content.length) continue;
    if (content.every((c) => c.type === 'text'))
      out.push({ role: 'user', content: content.map((c) => (c as { text: string }).text).join('') });
    else out.push({ role: 'user', content });
  }
  return out;
}

/** The request's `tools` and `tool_choice`; none when there are no tools. */
export function toChatTools(
  tools: readonly LmTool[] | undefined,
  mode: LmToolMode,
): Pick<ChatRequest, 'tools' | 'tool_choice'> {
  if (!tools || tools.length === 0) return {};
  const defs: ToolDefinition[] = tools.map((t) => ({
    type: 'function',
    function: {
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      // A function tool needs an object schema; a tool without inputs gets an empty one.
      parameters: (t.inputSchema as Record<string, unknown> | undefined) ?? { type: 'object', properties: {} },
    },
  }));
  if (mode === 'required') {
    // With one tool, naming it is the strongest form of "required" every OpenAI-compatible server understands.
    const choice: ChatRequest['tool_choice'] =
      defs.length === 1 ? { type: 'function', function: { name: defs[0].function.name } } : 'required';
    return { tools: defs, tool_choice: choice };
  }
  return { tools: defs, tool_choice: 'auto' };
}

/** Sampling options a caller may pass in `modelOptions`; anything else is not sent. */
export function samplingOptions(
  modelOptions: Readonly<Record<string, unknown>> | undefined,
): Pick<ChatRequest, 'temperature' | 'top_p' | 'max_tokens' | 'stop'> {
  const out: Pick<ChatRequest, 'temperature' | 'top_p' | 'max_tokens' | 'stop'> = {};
  if (!modelOptions) return out;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const temperature = num(modelOptions.temperature);
  if (temperature !== undefined) out.temperature = temperature;
  const topP = num(modelOptions.top_p ?? modelOptions.topP);
  if (topP !== undefined) out.top_p = topP;
  const maxTokens = num(modelOptions.max_tokens ?? modelOptions.maxTokens);
  if (maxTokens !== undefined) out.max_tokens = Math.floor(maxTokens);
  const stop = modelOptions.stop;
  if (typeof stop === 'string' || (Array.isArray(stop) && stop.every((s) => typeof s === 'string')))
    out.stop = stop as string | string[];
  return out;
}

/** A tool call's arguments as an object; `error` when the model produced something that is not a JSON object. */
export function parseToolArguments(raw: string): { ok: true; value: object } | { ok: false; error: string } {
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) return { ok: true, value };
    return { ok: false, error: `not a JSON object: ${raw.slice(0, 80)}` };
  } catch (e) {
    return { ok: false, error: `invalid JSON (${e instanceof Error ? e.message : String(e)}): ${raw.slice(0, 80)}` };
  }
}

/**
 * The calls an answer hands to the editor, which runs them: at most the answer's tool-call limit, never one whose
 * arguments were dropped past it. `dropped` counts the rest, for the log.
 */
export function callsToPassOn(
  calls: readonly ToolCall[],
  max = DEFAULT_ANSWER_LIMITS.maxToolCalls,
): { calls: ToolCall[]; dropped: number } {
  const kept = calls.filter((c) => !c.overLimit).slice(0, max);
  return { calls: kept, dropped: calls.length - kept.length };
}

function textOf(parts: readonly LmPart[]): string {
  let s = '';
  for (const p of parts) if (p.kind === 'text') s += p.text;
  return s;
}
