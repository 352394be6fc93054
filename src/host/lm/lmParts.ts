// Reads the editor's language-model message parts by their shape, so parts newer than the 1.104 typings (data parts) work too.
import * as vscode from 'vscode';
import type { LmMessage, LmPart } from '../../core/lm';

type Shape = Record<string, unknown>;

/** The message in the core's terms; unknown parts (e.g. cache hints) are dropped. */
export function toLmMessage(message: vscode.LanguageModelChatRequestMessage): LmMessage {
  const parts: LmPart[] = [];
  for (const part of message.content) {
    const p = toLmPart(part);
    if (p) parts.push(p);
  }
  return { role: roleOf(message.role), parts };
}

function roleOf(role: vscode.LanguageModelChatMessageRole): LmMessage['role'] {
  if (role === vscode.LanguageModelChatMessageRole.Assistant) return 'assistant';
  if (role === vscode.LanguageModelChatMessageRole.User) return 'user';
  // System (3) exists only in the proposed API of 1.104; any other role is read as system instructions.
  return 'system';
}

/** A part by shape: text `{value}`, tool call `{callId,name,input}`, tool result `{callId,content}`, data `{mimeType,data}`. */
function toLmPart(part: unknown): LmPart | undefined {
  if (!part || typeof part !== 'object') return undefined;
  const p = part as Shape;
  if (typeof p.value === 'string') return { kind: 'text', text: p.value };
  if (typeof p.callId === 'string' && typeof p.name === 'string' && 'input' in p)
    return { kind: 'toolCall', callId: p.callId, name: p.name, input: p.input };
  if (typeof p.callId === 'string' && Array.isArray(p.content))
    return { kind: 'toolResult', callId: p.callId, content: toolResultText(p.content) };
  if (typeof p.mimeType === 'string' && p.data instanceof Uint8Array) {
    const mime = p.mimeType.toLowerCase();
    if (mime.startsWith('image/')) return { kind: 'image', mimeType: mime, data: p.data };
    if (isTextual(mime)) return { kind: 'text', text: new TextDecoder().decode(p.data) };
  }
  return undefined;
}

/** A tool result as the text a `tool` message carries: text parts and textual data parts, in order. */
function toolResultText(content: readonly unknown[]): string {
  const pieces: string[] = [];
  for (const c of content) {
    if (!c || typeof c !== 'object') continue;
    const s = c as Shape;
    if (typeof s.value === 'string') pieces.push(s.value);
    else if (typeof s.mimeType === 'string' && s.data instanceof Uint8Array && isTextual(s.mimeType.toLowerCase()))
      pieces.push(new TextDecoder().decode(s.data));
    else if (s.value !== undefined) pieces.push(JSON.stringify(s.value));
  }
  return pieces.join('\n');
}

function isTextual(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/json' || mime.endsWith('+json');
}
