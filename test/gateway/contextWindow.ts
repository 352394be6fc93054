// Test-gateway add-on: models that enforce a context window, counting tokens their own way (OpenAI's o200k tokenizer
// plus the chat format's overhead), and refusing a request that does not fit in each gateway's wording.
import { tokenizers } from '../../src/core/context/openaiTokenizers';
import {
  json,
  newApiError,
  registerModels,
  registerModelScenario,
  registerScenario,
  type ScenarioContext,
} from './server';
import { chunk, completionObject, DONE, pieces, usageChunk } from './sse';

const countTokens = tokenizers.o200k_base;

/**
 * `window-8k`: OpenAI's refusal; `-anthropic`, `-gemini`, `-newapi`: those gateways' wordings; `-bare`: only the
 * code, no numbers. Any `window-<N>k…` id enforces N × 1024 tokens.
 */
export const WINDOW_MODELS = [
  'window-8k',
  'window-8k-anthropic',
  'window-8k-gemini',
  'window-8k-newapi',
  'window-8k-bare',
];
const MODEL = /^window-(\d+)k(?:-(anthropic|gemini|newapi|bare))?$/;

/** Tokens per message for the role markers, and for priming the answer (OpenAI's documented count). */
const PER_MESSAGE = 3;
const PRIMING = 3;
const IMAGE = 85;

interface Body {
  model?: string;
  stream?: boolean;
  max_tokens?: number;
  messages?: { role: string; content?: unknown; tool_calls?: { function?: { name?: string; arguments?: string } }[] }[];
  tools?: unknown[];
}

/** The prompt's tokens as this gateway counts them. */
export function gatewayPromptTokens(body: Body): number {
  let n = PRIMING;
  for (const m of body.messages ?? []) {
    n += PER_MESSAGE;
    if (typeof m.content === 'string') n += countTokens(m.content);
    else if (Array.isArray(m.content)) {
      for (const p of m.content as { type?: string; text?: string }[])
        n += p.type === 'text' ? countTokens(p.text ?? '') : IMAGE;
    }
    for (const c of m.tool_calls ?? []) n += countTokens(`${c.function?.name ?? ''}${c.function?.arguments ?? ''}`);
  }
  if (body.tools?.length) n += countTokens(JSON.stringify(body.tools));
  return n;
}

/** The refusal in each wording, for a window `limit` and a request of `used` tokens. */
function refusal(shape: string | undefined, limit: number, used: number, requestId: string) {
  switch (shape) {
    case 'anthropic':
      return json(400, {
        type: 'error',
        error: { type: 'invalid_request_error', message: `prompt is too long: ${used} tokens > ${limit} maximum` },
      });
    case 'gemini':
      return json(400, {
        error: {
          code: 400,
          message: `The input token count (${used}) exceeds the maximum number of tokens allowed (${limit}).`,
          status: 'INVALID_ARGUMENT',
        },
      });
    case 'newapi':
      return newApiError(
        400,
        `This model's maximum context length is ${limit} tokens. However, you requested ${used} tokens (${used} in the messages, 0 in the completion). Please reduce the length of the messages or completion.`,
        requestId,
        'upstream_error',
        'context_length_exceeded',
      );
    case 'bare':
      return json(400, {
        error: {
          message: 'Request too large for this model.',
          type: 'invalid_request_error',
          code: 'context_length_exceeded',
        },
      });
    default:
      return json(400, {
        error: {
          message: `This model's maximum context length is ${limit} tokens. However, your messages resulted in ${used} tokens. Please reduce the length of the messages.`,
          type: 'invalid_request_error',
          param: 'messages',
          code: 'context_length_exceeded',
        },
      });
  }
}

function lastUserText(body: Body): string {
  const m = [...(body.messages ?? [])].reverse().find((x) => x.role === 'user');
  if (typeof m?.content === 'string') return m.content;
  return ((m?.content as { text?: string }[] | undefined) ?? []).map((p) => p.text ?? '').join(' ');
}

registerScenario('context-window', (ctx: ScenarioContext) => {
  const body = (ctx.req.json ?? {}) as Body;
  const m = MODEL.exec(body.model ?? '');
  // A request that names the scenario with another model id (a header) gets a window of a million tokens.
  const limit = (m ? Number(m[1]) : 1024) * 1024;
  const prompt = gatewayPromptTokens(body);
  const used = prompt + (body.max_tokens ?? 0);
  if (used > limit) return refusal(m?.[2], limit, used, ctx.requestId);
  const system = body.messages?.find((x) => x.role === 'system');
  // A summary request (the extension's instructions) is answered with a short note of what it was given.
  const summarizing = typeof system?.content === 'string' && system.content.startsWith('You condense');
  const user = lastUserText(body);
  const text = summarizing
    ? `Summary note: the user shared ${(user.match(/NOTE-\d+/g) ?? []).join(', ') || 'earlier notes'}.`
    : `Noted ${(user.match(/NOTE-\d+/g) ?? ['your message']).join(', ')} (${prompt} prompt tokens of ${limit}).`;
  const completion = countTokens(text);
  if (!body.stream) {
    const obj = completionObject(text);
    obj.usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
    return json(200, obj);
  }
  const events = [
    chunk({ role: 'assistant', content: '' }),
    ...pieces(text, 12).map((p) => chunk({ content: p })),
    chunk({}, 'stop'),
    usageChunk(prompt, completion),
    DONE,
  ];
  return { chunks: events, delayMs: 2 };
});

registerModels(
  ...WINDOW_MODELS.map((id) => ({ id, object: 'model', owned_by: 'test', supported_endpoint_types: ['openai'] })),
);
registerModelScenario((model) => MODEL.test(model), 'context-window');
