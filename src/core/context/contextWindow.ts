// Each model's context window: the user's setting, a window learned from a refusal, the model list, the family table.
import type { ModelInfo } from '../gateway';
import { describeChatModel } from '../lm/modelCatalog';
import { matchesModel, specificity } from '../params/modelGlob';

type WindowSource = 'setting' | 'learned' | 'gateway' | 'table' | 'default';

export interface ContextWindow {
  tokens: number;
  source: WindowSource;
}

/** Where learned windows are kept (global storage shared by every window, one key per profile and model). */
interface LearnedWindows {
  get(profile: string, model: string): number | undefined;
  set(profile: string, model: string, tokens: number): Promise<void> | void;
}

/** What is known about the models of one profile: the gateway's list entries (when fetched) and the setting. */
export interface WindowSources {
  learned: LearnedWindows;
  /** The gateway's model list entry for a model of a profile, when the list has been fetched. */
  listed?: (profile: string, model: string) => ModelInfo | undefined;
  /** `applerouter.context.windows`: model id or glob → tokens (application scope). */
  overrides?: () => unknown;
}

/** The smallest window anything may claim: below it no conversation could go on. */
const MIN_WINDOW = 1024;

/** The setting's value for the model: the most specific matching id or glob with a positive number. */
export function windowOverride(overrides: unknown, model: string): number | undefined {
  if (!overrides || typeof overrides !== 'object' || Array.isArray(overrides)) return undefined;
  let best: { n: number; rank: number } | undefined;
  for (const [pattern, value] of Object.entries(overrides as Record<string, unknown>)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < MIN_WINDOW) continue;
    if (!matchesModel(pattern, model)) continue;
    const rank = specificity(pattern);
    if (!best || rank > best.rank) best = { n: Math.floor(value), rank };
  }
  return best?.n;
}

/** Knows each model's window, and learns it from refusals. */
export class ContextWindows {
  constructor(private readonly sources: WindowSources) {}

  /**
   * The window of a model served by a profile. A window learned from a refusal comes before the list and the table:
   * the gateway's own refusal is the truth about what it serves, whatever its list says.
   */
  of(profile: string, model: string): ContextWindow {
    const set = windowOverride(this.sources.overrides?.(), model);
    if (set) return { tokens: set, source: 'setting' };
    const learned = this.sources.learned.get(profile, model);
    if (learned && learned >= MIN_WINDOW) return { tokens: learned, source: 'learned' };
    const info = this.sources.listed?.(profile, model) ?? { id: model };
    const d = describeChatModel(info);
    return { tokens: d.maxInputTokens, source: d.source };
  }

  /** Remembers the window a refusal named (or, without a number, a window just below the refused request). */
  async learn(profile: string, model: string, tokens: number): Promise<ContextWindow> {
    const n = Math.max(MIN_WINDOW, Math.floor(tokens));
    await this.sources.learned.set(profile, model, n);
    return this.of(profile, model);
  }
}
