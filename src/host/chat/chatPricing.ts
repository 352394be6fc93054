// The prices each gateway profile publishes, asked for now and then, for the chat's cost estimates.
import { estimateCostUsd, parsePricing, type GatewayPricing } from '../../core/pricing';
import { describeError } from '../../core';
import type { Services } from '../services';

/** Published prices are asked for again after an hour; a gateway that published none, after ten minutes. */
const KNOWN_TTL_MS = 60 * 60_000;
const NONE_TTL_MS = 10 * 60_000;

interface Entry {
  at: number;
  pricing: GatewayPricing | undefined;
  loading?: Promise<void>;
}

export class ChatPricing {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly services: Services,
    /** Called when a profile's prices arrive (or change), so that shown answers get their estimates. */
    private readonly onChange: () => void,
  ) {}

  /** Forgets everything (a key, base URL or the profile list changed). */
  clear(): void {
    this.entries.clear();
  }

  /** The estimated cost of an answer on a profile, or undefined when that gateway publishes no price for it. */
  costOf(
    profile: string,
    model: string | undefined,
    usage: { promptTokens?: number; completionTokens?: number } | undefined,
  ): number | undefined {
    if (!usage) return undefined;
    return estimateCostUsd(this.entries.get(profile)?.pricing, model, usage);
  }

  /** The estimated cost of an image answer: the published per-request price for each image; undefined without one. */
  costOfImages(profile: string, model: string | undefined, count: number): number | undefined {
    if (!model || count < 1) return undefined;
    const price = this.entries.get(profile)?.pricing?.models.get(model)?.perRequestUsd;
    return price === undefined ? undefined : price * count;
  }

  /** Asks the profile's gateway for its prices unless it was asked recently; never throws. */
  refresh(profile: string): void {
    const known = this.entries.get(profile);
    if (known && (known.loading || Date.now() - known.at < (known.pricing ? KNOWN_TTL_MS : NONE_TTL_MS))) return;
    const entry: Entry = { at: Date.now(), pricing: known?.pricing };
    entry.loading = this.services
      .getClient(profile)
      .getPricing(AbortSignal.timeout(30_000))
      .then(parsePricing, (e: unknown) => {
        this.services.logger.tagged('chat').debug(`prices of ${profile} not loaded: ${describeError(e)}`);
        return undefined;
      })
      .then((pricing) => {
        const had = !!entry.pricing;
        entry.pricing = pricing;
        entry.at = Date.now();
        delete entry.loading;
        if (this.entries.get(profile) !== entry) return;
        this.services.logger
          .tagged('chat')
          .info(pricing ? `${profile}: prices for ${pricing.models.size} models` : `${profile}: no published prices`);
        if (pricing || had) this.onChange();
      });
    this.entries.set(profile, entry);
  }
}
