// Test gateway add-on: POST /v1/completions (fill-in-the-middle with `suffix`) and chat-style code completion.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultHandler } from './scenarios';
import { json, registerRoute, type ResponseScript, type ScenarioContext } from './server';
import { contentStream, pieces } from './sse';

/** The code the oracle knows: a completion continues whichever of these files the text before the cursor ends in. */
const SOURCES_DIR = path.resolve(__dirname, '../fixtures/completions');
/** The extension's chat prompt marks the cursor like this (src/core/completions/completionPrompt.ts). */
const CODE_INTRO = 'Code, with the cursor marked <CURSOR>:\n';
const CURSOR_MARK = '<CURSOR>';
/** Models that answer /completions; like OpenAI, the chat models refuse it. */
const CHAT_ONLY = /^(gpt-4|gpt-5|o\d|claude|gemini|deepseek-reasoner)|refuses-fim/i;
const ANSWER_LINES = 10;

let sources: string[] | undefined;
function knownSources(): string[] {
  sources ??= readdirSync(SOURCES_DIR)
    .filter((n) => /\.(ts|py|js)$/.test(n))
    .map((n) => readFileSync(path.join(SOURCES_DIR, n), 'utf8'));
  return sources;
}

/**
 * A deterministic "model": finds the longest end of `prefix` (at least 6 characters) in a known source and answers
 * with the next lines of that source, so that tests know what a good suggestion is. Nothing known: an empty answer.
 */
export function oracleCompletion(prefix: string, lines = ANSWER_LINES): string {
  for (let k = Math.min(prefix.length, 400); k >= 6; k--) {
    const tail = prefix.slice(prefix.length - k);
    for (const src of knownSources()) {
      const at = src.indexOf(tail);
      if (at < 0) continue;
      const rest = src.slice(at + k);
      return rest
        .split('\n')
        .slice(0, lines + 1)
        .join('\n');
    }
  }
  return '';
}

/** Test hooks in the prompt: `@gateway-delay 3000` holds the first byte back that many milliseconds. */
function hooks(text: string): { firstByteDelayMs: number } {
  const m = /@gateway-delay (\d+)/.exec(text);
  return { firstByteDelayMs: m ? Number(m[1]) : 30 };
}

function applyStops(text: string, stop: unknown, maxTokens: unknown): string {
  let out = text;
  const stops =
    typeof stop === 'string'
      ? [stop]
      : Array.isArray(stop)
        ? stop.filter((s): s is string => typeof s === 'string')
        : [];
  for (const s of stops) {
    const i = out.indexOf(s);
    if (i >= 0) out = out.slice(0, i);
  }
  if (typeof maxTokens === 'number' && maxTokens > 0) out = out.slice(0, maxTokens * 4);
  return out;
}

function textCompletionStream(text: string, model: string, finish: string): string {
  const event = (choice: Record<string, unknown>): string =>
    `data: ${JSON.stringify({ id: 'cmpl-test', object: 'text_completion', created: 1764150000, model, choices: [{ index: 0, logprobs: null, ...choice }] })}\n\n`;
  let body = '';
  for (const p of pieces(text, 4)) body += event({ text: p, finish_reason: null });
  body += event({ text: '', finish_reason: finish });
  return body + 'data: [DONE]\n\n';
}

function completionsRoute(ctx: ScenarioContext): ResponseScript {
  const body = (ctx.req.json ?? {}) as {
    model?: unknown;
    prompt?: unknown;
    suffix?: unknown;
    stream?: unknown;
    stop?: unknown;
    max_tokens?: unknown;
  };
  if (typeof body.model !== 'string' || !body.model)
    return json(400, { error: { message: 'model is required', type: 'invalid_request_error', code: null } });
  if (typeof body.prompt !== 'string')
    return json(400, {
      error: { message: "'prompt' must be a string", type: 'invalid_request_error', param: 'prompt', code: null },
    });
  if (CHAT_ONLY.test(body.model)) {
    return json(404, {
      error: {
        message:
          'This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?',
        type: 'invalid_request_error',
        param: 'model',
        code: null,
      },
    });
  }
  const text = applyStops(oracleCompletion(body.prompt), body.stop, body.max_tokens);
  if (body.stream !== true) {
    return json(200, {
      id: 'cmpl-test',
      object: 'text_completion',
      model: body.model,
      choices: [{ index: 0, text, finish_reason: 'stop' }],
    });
  }
  return { chunks: splitEvents(textCompletionStream(text, body.model, 'stop')), delayMs: 8, ...hooks(body.prompt) };
}

function splitEvents(sse: string): string[] {
  return sse.split(/(?<=\n\n)/).filter((e) => e);
}

function lastUserText(ctx: ScenarioContext): string {
  const messages = (ctx.req.json as { messages?: { role?: string; content?: unknown }[] } | undefined)?.messages ?? [];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return typeof last?.content === 'string' ? last.content : '';
}

/** Chat requests that mark a cursor get code from the oracle; every other chat request gets the default answer. */
async function chatRoute(ctx: ScenarioContext): Promise<ResponseScript | void> {
  const user = lastUserText(ctx);
  const start = user.lastIndexOf(CODE_INTRO);
  const cursor = user.lastIndexOf(CURSOR_MARK);
  if (start < 0 || cursor < start + CODE_INTRO.length) return defaultHandler(ctx);
  const prefix = user.slice(start + CODE_INTRO.length, cursor);
  const text = oracleCompletion(prefix);
  return { chunks: splitEvents(contentStream(pieces(text, 4))), delayMs: 8, ...hooks(prefix) };
}

registerRoute('POST', '/v1/completions', completionsRoute);
registerRoute('POST', '/v1/chat/completions', chatRoute);
