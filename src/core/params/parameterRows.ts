// What the parameters popover lists: each parameter's effective value, where it comes from, and its range.
import { PARAMETER_NAMES, PARAMETER_SPECS, type ParameterName } from './parameterSpecs';
import { resolveParameters, type ParameterLayers, type ParameterSource } from './resolveParameters';

export interface ParameterRow {
  name: ParameterName;
  /** The value the next request sends, as JSON text; empty when none is sent. */
  value: string;
  /** The conversation's own value as JSON text (`null` when it suppresses the parameter); empty when it has none. */
  own: string;
  /** Which layer decided; `unset` when no layer mentions the parameter (the gateway's default applies). */
  source: ParameterSource | 'unset';
  /** The modelParameters key that holds the value, when it comes from the model defaults. */
  key?: string;
  suppressed: boolean;
  /** The range or shape of a valid value (numbers, enum values or a JSON example). */
  range: string;
}

/** Models that take `reasoning_effort` (OpenAI o-series and gpt-5, reasoning models behind new-api). */
function takesReasoningEffort(model: string): boolean {
  return /^(o\d|gpt-5)|reason/i.test(model);
}

function rangeOf(name: ParameterName): string {
  const spec = PARAMETER_SPECS[name];
  switch (spec.kind) {
    case 'number':
    case 'integer':
      return name === 'seed' ? '' : name === 'max_tokens' ? `≥ ${spec.min}` : `${spec.min} – ${spec.max}`;
    case 'enum':
      return spec.values.join(' | ');
    case 'stop':
      return '["<END>"]';
    case 'logitBias':
      return '{"50256": -100}';
    case 'string':
      return '';
  }
}

/** One row per parameter for the model (reasoning effort only for models that take it or when set). */
export function parameterRows(model: string, layers: ParameterLayers): ParameterRow[] {
  const r = resolveParameters(model, layers);
  const own = layers.conversation ?? {};
  const rows: ParameterRow[] = [];
  for (const name of PARAMETER_NAMES) {
    const src = r.sources[name];
    if (name === 'reasoning_effort' && !takesReasoningEffort(model) && !src) continue;
    const row: ParameterRow = {
      name,
      value: name in r.params ? JSON.stringify(r.params[name]) : '',
      own: Object.prototype.hasOwnProperty.call(own, name) && own[name] !== undefined ? JSON.stringify(own[name]) : '',
      source: src?.source ?? 'unset',
      suppressed: src?.suppressed === true,
      range: rangeOf(name),
    };
    if (src?.key !== undefined) row.key = src.key;
    rows.push(row);
  }
  return rows;
}
