// One knowledge of context windows per extension: the chat and the language-model provider count and size alike.
import * as path from 'node:path';
import type { ModelInfo } from '../../core';
import { ContextWindows, TokenCounter, type Encoding } from '../../core/context';
import type { Services } from '../services';
import { contextSettings } from '../settings';

/** The shape of dist/tokenizer.js (src/core/context/openaiTokenizers.ts). */
interface TokenizerModule {
  tokenizers: Record<Encoding, (text: string) => number>;
}

export interface ContextKnowledge {
  windows: ContextWindows;
  counter: TokenCounter;
  /** The profile id a conversation's profile stands for (its own, or the default profile's). */
  profileId(profile: string | undefined): string;
  /** A profile's fetched model list: the windows it states are used from now on. */
  remember(profile: string, models: readonly ModelInfo[]): void;
}

/** Learned windows live in global storage (shared by every window), one key per profile and model. */
const LEARNED_PREFIX = 'applerouter.contextWindow.learned';

const known = new WeakMap<Services, ContextKnowledge>();

/** The extension's context knowledge (made on first use). */
export function contextKnowledge(services: Services): ContextKnowledge {
  let k = known.get(services);
  if (!k) known.set(services, (k = create(services)));
  return k;
}

function create(services: Services): ContextKnowledge {
  const state = services.context.globalState;
  const lists = new Map<string, Map<string, ModelInfo>>();
  const log = services.logger.tagged('context');
  let tokenizer: TokenizerModule | undefined | null;
  const windows = new ContextWindows({
    learned: {
      get: (profile, model) => {
        const v = state.get<unknown>(`${LEARNED_PREFIX}/${profile}/${model}`);
        return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
      },
      set: async (profile, model, tokens) => {
        await state.update(`${LEARNED_PREFIX}/${profile}/${model}`, tokens);
      },
    },
    listed: (profile, model) => lists.get(profile)?.get(model),
    overrides: () => contextSettings.windows,
  });
  // The tokenizer bundle (a few MB of ranks) is read on the first count of an OpenAI-family model, never at activation.
  const counter = new TokenCounter((encoding) => {
    if (tokenizer === undefined) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        tokenizer = require(path.join(__dirname, 'tokenizer.js')) as TokenizerModule;
      } catch (e) {
        log.warn(`the tokenizer could not be loaded; token counts are estimated: ${String(e)}`);
        tokenizer = null;
      }
    }
    return tokenizer?.tokenizers[encoding];
  });
  return {
    windows,
    counter,
    profileId: (profile) => services.profiles.get(profile).id,
    remember(profile, models) {
      lists.set(profile, new Map(models.map((m) => [m.id, m])));
    },
  };
}
