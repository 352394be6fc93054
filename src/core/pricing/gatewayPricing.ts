// Prices a gateway publishes (new-api's `GET /api/pricing`), and the estimated cost of one answer from its usage.

/** One model's price: per token (input and output) or per request, in US dollars. */
interface ModelPrice {
  inputUsdPerToken?: number;
  outputUsdPerToken?: number;
  perRequestUsd?: number;
}

export interface GatewayPricing {
  /** Keyed by model id as the gateway lists it. */
  models: Map<string, ModelPrice>;
}

/** new-api's quota unit: 500 000 quota = 1 USD; a model ratio of 1 is $0.002 per 1 000 tokens. */
const QUOTA_PER_USD = 500_000;
/** Most entries read from a pricing list (a large gateway lists a few thousand models). */
const MAX_MODELS = 20_000;

const finite = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;

/**
 * Reads new-api's pricing answer: `{ success, data: [{ model_name, quota_type, model_ratio, completion_ratio,
 * model_price }], group_ratio: { default } }`. Quota type 0 is priced per token (ratio × group ratio), 1 per request
 * (model_price × group ratio). The `default` group's ratio applies (1 when not given). Anything else: undefined.
 */
export function parsePricing(body: unknown): GatewayPricing | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { success?: unknown; data?: unknown; group_ratio?: unknown };
  if (b.success === false || !Array.isArray(b.data)) return undefined;
  const groups = b.group_ratio && typeof b.group_ratio === 'object' ? (b.group_ratio as Record<string, unknown>) : {};
  const group = finite(groups.default) ?? 1;
  const models = new Map<string, ModelPrice>();
  for (const entry of b.data.slice(0, MAX_MODELS)) {
    if (!entry || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    if (typeof e.model_name !== 'string' || !e.model_name) continue;
    if (e.quota_type === 1) {
      const price = finite(e.model_price);
      if (price !== undefined) models.set(e.model_name, { perRequestUsd: price * group });
      continue;
    }
    const ratio = finite(e.model_ratio);
    if (ratio === undefined) continue;
    const input = (ratio * group) / QUOTA_PER_USD;
    models.set(e.model_name, { inputUsdPerToken: input, outputUsdPerToken: input * (finite(e.completion_ratio) ?? 1) });
  }
  return models.size ? { models } : undefined;
}

export interface UsageTokens {
  promptTokens?: number;
  completionTokens?: number;
}

/**
 * The estimated cost in USD of one answer, or undefined when there is nothing to go on: no published prices, a model
 * the list does not price, or (for per-token prices) no token counts. Never a guess.
 */
export function estimateCostUsd(
  pricing: GatewayPricing | undefined,
  model: string | undefined,
  usage: UsageTokens | undefined,
): number | undefined {
  if (!pricing || !model) return undefined;
  const price = pricing.models.get(model);
  if (!price) return undefined;
  if (price.perRequestUsd !== undefined) return price.perRequestUsd;
  if (!usage || (usage.promptTokens === undefined && usage.completionTokens === undefined)) return undefined;
  return (
    (usage.promptTokens ?? 0) * (price.inputUsdPerToken ?? 0) +
    (usage.completionTokens ?? 0) * (price.outputUsdPerToken ?? 0)
  );
}
