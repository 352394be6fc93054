// Which request parameters a chat request carries: conversation over per-model defaults over global settings.
import { matchesModel, specificity } from './modelGlob';
import {
  checkParameterValue,
  isParameterName,
  PARAMETER_NAMES,
  REASONING_EFFORTS,
  type ParameterName,
} from './parameterSpecs';

/** Where a parameter's value came from (the popover shows it). */
export type ParameterSource = 'conversation' | 'model' | 'global';

/** A value as a layer holds it: a value to send, or `null` for "never send". */
type ParameterLayer = Partial<Record<string, unknown>>;

export interface ParameterLayers {
  /** `applerouter.temperature`, `topP`, `maxTokens` under their API names (already checked and typed). */
  global?: ParameterLayer;
  /** The raw `applerouter.modelParameters` object. */
  modelParameters?: unknown;
  /** The open conversation's own choices. */
  conversation?: ParameterLayer;
  /**
   * A workspace's and its folder's own values (their `modelParameters` and `maxTokens`), which may only lower what a
   * request costs: `n`, `max_tokens` and `reasoning_effort` below what the user's settings give; the rest is ignored.
   */
  workspace?: readonly WorkspaceParameterLayer[];
}

export interface WorkspaceParameterLayer {
  modelParameters?: unknown;
  global?: ParameterLayer;
}

/** The parameters whose value sets what an answer may cost, and which way is cheaper. */
const COST_ORDER: Partial<Record<ParameterName, (v: unknown) => number | undefined>> = {
  n: (v) => (typeof v === 'number' ? v : undefined),
  max_tokens: (v) => (typeof v === 'number' ? v : undefined),
  reasoning_effort: (v) => {
    const i = (REASONING_EFFORTS as readonly unknown[]).indexOf(v);
    return i >= 0 ? i : undefined;
  },
};

/** A value that is not sent, with the key that holds it (`modelParameters["gpt-4o*"]`, `conversation`). */
export interface ParameterProblem {
  /** Where the value is: the modelParameters key, or `conversation`. */
  key: string;
  name: string;
  reason: string;
}

export interface ResolvedParameters {
  /** What the request carries, each value with its JSON type as configured. */
  params: Partial<Record<ParameterName, unknown>>;
  /** For every parameter either sent or suppressed: the layer that decided, and its modelParameters key. */
  sources: Partial<Record<ParameterName, { source: ParameterSource; key?: string; suppressed?: boolean }>>;
  problems: ParameterProblem[];
}

const MODEL_KEY = (key: string): string => `applerouter.modelParameters["${key}"]`;

/** The modelParameters entries whose key matches the model, most specific first (ties keep the settings order). */
function matchingModelEntries(
  modelParameters: unknown,
  model: string,
  problems: ParameterProblem[] = [],
): { key: string; values: Record<string, unknown> }[] {
  if (!modelParameters || typeof modelParameters !== 'object' || Array.isArray(modelParameters)) return [];
  const out: { key: string; values: Record<string, unknown>; rank: number; order: number }[] = [];
  let order = 0;
  for (const [key, values] of Object.entries(modelParameters as Record<string, unknown>)) {
    order++;
    if (!matchesModel(key, model)) continue;
    if (!values || typeof values !== 'object' || Array.isArray(values)) {
      problems.push({ key: MODEL_KEY(key), name: '', reason: 'expected an object of request parameters' });
      continue;
    }
    out.push({ key, values: values as Record<string, unknown>, rank: specificity(key), order });
  }
  return out.sort((a, b) => b.rank - a.rank || a.order - b.order).map(({ key, values }) => ({ key, values }));
}

/**
 * Resolves each parameter from the highest layer that mentions it: the conversation, then the most specific matching
 * modelParameters key, then the global settings. `null` there means "never send"; an invalid value is reported with
 * its key and skipped (the next layer decides).
 */
export function resolveParameters(model: string, layers: ParameterLayers): ResolvedParameters {
  const problems: ParameterProblem[] = [];
  const entries = matchingModelEntries(layers.modelParameters, model, problems);
  const candidates: { source: ParameterSource; key: string | undefined; values: ParameterLayer }[] = [];
  if (layers.conversation) candidates.push({ source: 'conversation', key: undefined, values: layers.conversation });
  for (const e of entries) candidates.push({ source: 'model', key: e.key, values: e.values });
  if (layers.global) candidates.push({ source: 'global', key: undefined, values: layers.global });

  for (const c of candidates) {
    if (c.source === 'global') continue;
    for (const name of Object.keys(c.values)) {
      if (!isParameterName(name))
        problems.push({
          key: c.key !== undefined ? MODEL_KEY(c.key) : 'conversation',
          name,
          reason: 'not a request parameter the chat sends',
        });
    }
  }

  const result: ResolvedParameters = { params: {}, sources: {}, problems };
  for (const name of PARAMETER_NAMES) {
    for (const c of candidates) {
      if (!Object.prototype.hasOwnProperty.call(c.values, name)) continue;
      const value = c.values[name];
      if (value === undefined) continue;
      const where = c.key !== undefined ? { key: c.key } : {};
      if (value === null) {
        result.sources[name] = { source: c.source, ...where, suppressed: true };
        break;
      }
      const reason = checkParameterValue(name, value);
      if (reason) {
        problems.push({
          key: c.key !== undefined ? MODEL_KEY(c.key) : c.source === 'conversation' ? 'conversation' : 'settings',
          name,
          reason,
        });
        continue;
      }
      result.params[name] = value;
      result.sources[name] = { source: c.source, ...where };
      break;
    }
    if (result.sources[name]?.source !== 'conversation') lowerByWorkspace(name, model, layers.workspace, result);
  }
  return result;
}

/**
 * Applies a workspace's value of a cost parameter where it is cheaper than what the user's settings give. A value the
 * user suppressed stays unsent; only `max_tokens` may be set where the user set none (none means no limit).
 */
function lowerByWorkspace(
  name: ParameterName,
  model: string,
  workspace: readonly WorkspaceParameterLayer[] | undefined,
  result: ResolvedParameters,
): void {
  const cost = COST_ORDER[name];
  if (!cost || !workspace?.length || result.sources[name]?.suppressed) return;
  for (const layer of workspace) {
    const found = workspaceValue(name, model, layer);
    if (!found || checkParameterValue(name, found.value) !== undefined) continue;
    const current = name in result.params ? cost(result.params[name]) : undefined;
    const cheaper =
      current === undefined ? name === 'max_tokens' && !(name in result.params) : cost(found.value)! < current;
    if (!cheaper) continue;
    result.params[name] = found.value;
    result.sources[name] = found.key !== undefined ? { source: 'model', key: found.key } : { source: 'global' };
  }
}

/** A workspace layer's value of `name` for the model: its most specific modelParameters entry, then its maxTokens. */
function workspaceValue(
  name: ParameterName,
  model: string,
  layer: WorkspaceParameterLayer,
): { value: unknown; key?: string } | undefined {
  for (const e of matchingModelEntries(layer.modelParameters, model)) {
    const v = e.values[name];
    if (v !== undefined && v !== null) return { value: v, key: e.key };
  }
  const v = layer.global?.[name];
  return v !== undefined && v !== null ? { value: v } : undefined;
}

/** One line per problem, for the log and the one-time notice. */
export function describeProblem(p: ParameterProblem): string {
  return p.name ? `${p.key}.${p.name}: ${p.reason}` : `${p.key}: ${p.reason}`;
}

/**
 * The request parameter a gateway's 400 names as unsupported (new-api / OpenAI wording such as
 * `Unsupported parameter: 'temperature'` or `'top_p' is not supported with this model`), or undefined.
 */
export function rejectedParameter(status: number | undefined, message: string): ParameterName | undefined {
  if (status !== 400) return undefined;
  const patterns = [
    /unsupported (?:parameter|value)s?:?\s*['"`]?([a-z_]+)['"`]?/i,
    /(?:unknown|unrecognized|invalid) (?:request )?(?:parameter|argument|field)s?(?: supplied)?:?\s*['"`]?([a-z_]+)['"`]?/i,
    /['"`]([a-z_]+)['"`] (?:is not supported|does not support|cannot be used|is not allowed)/i,
  ];
  for (const re of patterns) {
    const name = re.exec(message)?.[1];
    if (name && isParameterName(name)) return name;
  }
  return undefined;
}
