// The request parameters the chat may send, under their API names, with the JSON type and range each accepts.

export type ParameterName =
  | 'temperature'
  | 'top_p'
  | 'n'
  | 'stop'
  | 'max_tokens'
  | 'presence_penalty'
  | 'frequency_penalty'
  | 'logit_bias'
  | 'user'
  | 'seed'
  | 'reasoning_effort';

export type ParameterSpec =
  | { kind: 'number'; min: number; max: number }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'stop' }
  | { kind: 'logitBias' }
  | { kind: 'string' }
  | { kind: 'enum'; values: readonly string[] };

export const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'] as const;
/** OpenAI's limits: at most four stop sequences; a bias between -100 and 100 per token id. */
const MAX_STOP_SEQUENCES = 4;

/** Every parameter in the order the parameters popover lists them. */
export const PARAMETER_SPECS: Readonly<Record<ParameterName, ParameterSpec>> = {
  temperature: { kind: 'number', min: 0, max: 2 },
  top_p: { kind: 'number', min: 0, max: 1 },
  max_tokens: { kind: 'integer', min: 1, max: 10_000_000 },
  n: { kind: 'integer', min: 1, max: 8 },
  stop: { kind: 'stop' },
  presence_penalty: { kind: 'number', min: -2, max: 2 },
  frequency_penalty: { kind: 'number', min: -2, max: 2 },
  logit_bias: { kind: 'logitBias' },
  user: { kind: 'string' },
  seed: { kind: 'integer', min: -(2 ** 53) + 1, max: 2 ** 53 - 1 },
  reasoning_effort: { kind: 'enum', values: REASONING_EFFORTS },
};

export const PARAMETER_NAMES = Object.keys(PARAMETER_SPECS) as ParameterName[];

export function isParameterName(name: string): name is ParameterName {
  return Object.prototype.hasOwnProperty.call(PARAMETER_SPECS, name);
}

/** Why a value is refused (an English clause for the report), or undefined when it may be sent as it is. */
export function checkParameterValue(name: ParameterName, value: unknown): string | undefined {
  const spec = PARAMETER_SPECS[name];
  switch (spec.kind) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a number';
      if (spec.kind === 'integer' && !Number.isInteger(value)) return 'expected a whole number';
      if (value < spec.min || value > spec.max) return `expected a value from ${spec.min} to ${spec.max}`;
      return undefined;
    }
    case 'stop': {
      if (typeof value === 'string') return value ? undefined : 'expected a non-empty string';
      if (!Array.isArray(value) || value.length === 0 || value.length > MAX_STOP_SEQUENCES)
        return `expected a list of 1 to ${MAX_STOP_SEQUENCES} strings`;
      return value.every((s) => typeof s === 'string' && s !== '') ? undefined : 'expected non-empty strings';
    }
    case 'logitBias': {
      if (!value || typeof value !== 'object' || Array.isArray(value))
        return 'expected an object of token ids and numbers';
      for (const [token, bias] of Object.entries(value as Record<string, unknown>)) {
        if (!/^\d+$/.test(token)) return `token id "${token}" is not a number`;
        if (typeof bias !== 'number' || !Number.isFinite(bias) || bias < -100 || bias > 100)
          return `the bias of ${token} must be a number from -100 to 100`;
      }
      return undefined;
    }
    case 'string':
      return typeof value === 'string' && value !== '' ? undefined : 'expected a non-empty string';
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value)
        ? undefined
        : `expected one of ${spec.values.join(', ')}`;
  }
}
