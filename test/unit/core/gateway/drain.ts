// Test helpers: drain a streamChat into its parts, and a logger that keeps every line.
import { GatewayError } from '../../../../src/core/gateway/errors';
import type { ChatEvent, GatewayClient, Logger, ToolCall, Usage } from '../../../../src/core/gateway/types';
import type { ChatRequest } from '../../../../src/core/gateway/types';

export interface Drained {
  events: ChatEvent[];
  content: string;
  reasoning: string;
  toolCalls: ToolCall[];
  finishes: string[];
  usage?: Usage;
  error?: GatewayError;
  /** Content yielded before the error was thrown. */
  contentBeforeError: string;
}

export async function drain(client: GatewayClient, request: ChatRequest, signal?: AbortSignal): Promise<Drained> {
  const d: Drained = { events: [], content: '', reasoning: '', toolCalls: [], finishes: [], contentBeforeError: '' };
  try {
    for await (const e of client.streamChat(request, signal)) {
      d.events.push(e);
      if (e.type === 'content') d.content += e.text;
      else if (e.type === 'reasoning') d.reasoning += e.text;
      else if (e.type === 'toolCalls') d.toolCalls.push(...e.calls);
      else if (e.type === 'finish') d.finishes.push(e.reason);
      else if (e.type === 'usage') d.usage = e.usage;
    }
  } catch (e) {
    if (!(e instanceof GatewayError)) throw e;
    d.error = e;
  }
  d.contentBeforeError = d.content;
  return d;
}

export function chat(model = 'gpt-4o', text = 'Hello'): ChatRequest {
  return { model, messages: [{ role: 'user', content: text }] };
}

export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  trace(m: string): void {
    this.lines.push(`trace ${m}`);
  }
  debug(m: string): void {
    this.lines.push(`debug ${m}`);
  }
  info(m: string): void {
    this.lines.push(`info ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`warn ${m}`);
  }
  error(m: string): void {
    this.lines.push(`error ${m}`);
  }
}

export function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (cond()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}
