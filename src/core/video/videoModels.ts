// The eight veo-3.1 model ids and what each one means, as applerouter describes them.

type VeoTier = 'flagship' | 'fast';
type VeoOrientation = 'portrait' | 'landscape';

export interface VeoModelInfo {
  id: string;
  tier: VeoTier;
  orientation: VeoOrientation;
  /** applerouter's "Flash Sale" (特价版): the same model at a better price. */
  flashSale: boolean;
  /** Videos API `size` field for this orientation. */
  size: '9x16' | '16x9';
  /** Pixel size of the clip. */
  width: number;
  height: number;
}

/** Ordered as a picker shows them: flagship before fast, portrait before landscape, regular before sale. */
export const VEO_MODEL_IDS: readonly string[] = [
  'veo-3.1',
  'veo-3.1-fl',
  'veo-3.1-landscape',
  'veo-3.1-landscape-fl',
  'veo-3.1-fast',
  'veo-3.1-fast-fl',
  'veo-3.1-landscape-fast',
  'veo-3.1-landscape-fast-fl',
];

export const DEFAULT_VIDEO_MODEL = 'veo-3.1';
export const DEFAULT_VIDEO_SECONDS = 8;

/** True for any id in the veo family, including ones a gateway adds later (`veo-3.1-…`, `veo-4…`). */
export function isVeoModel(id: string): boolean {
  return /^veo[-_]?\d/i.test(id.trim());
}

/** Reads tier, orientation and sale flag from the suffixes of `veo-3.1[-landscape][-fast][-fl]`. */
export function describeVeoModel(id: string): VeoModelInfo {
  const parts = id.toLowerCase().split('-');
  const landscape = parts.includes('landscape');
  return {
    id,
    tier: parts.includes('fast') ? 'fast' : 'flagship',
    orientation: landscape ? 'landscape' : 'portrait',
    flashSale: parts.includes('fl'),
    size: landscape ? '16x9' : '9x16',
    width: landscape ? 1280 : 720,
    height: landscape ? 720 : 1280,
  };
}

/**
 * The veo ids to offer: those the gateway lists (in our order, unknown veo ids after), or all eight
 * when the gateway lists none (a gateway without `/models`, or one that hides them).
 */
export function veoModelsToOffer(listed: readonly string[]): string[] {
  const veo = listed.filter(isVeoModel);
  if (veo.length === 0) return [...VEO_MODEL_IDS];
  const known = VEO_MODEL_IDS.filter((id) => veo.includes(id));
  const extra = veo.filter((id) => !VEO_MODEL_IDS.includes(id)).sort();
  return [...known, ...extra];
}
