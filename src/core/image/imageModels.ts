// Which image models to offer and the sizes, qualities and counts each one takes (with the default Enter accepts).
import { bareModelName, modelKind } from '../models';

/** Offered when the gateway's list is unavailable or names no image model. */
export const KNOWN_IMAGE_MODELS: readonly string[] = ['gpt-image-1', 'dall-e-3'];
export const DEFAULT_IMAGE_MODEL = 'gpt-image-1';

export interface ImageModelOptions {
  /** The first one is the default. */
  sizes: readonly string[];
  /** Empty: the model takes no quality, none is sent. The first one is the default. */
  qualities: readonly string[];
  /** Most images one request may ask for. */
  maxCount: number;
}

const GPT_IMAGE: ImageModelOptions = {
  sizes: ['1024x1024', '1536x1024', '1024x1536', 'auto'],
  qualities: ['auto', 'high', 'medium', 'low'],
  maxCount: 4,
};
const DALL_E_3: ImageModelOptions = {
  sizes: ['1024x1024', '1792x1024', '1024x1792'],
  qualities: ['standard', 'hd'],
  maxCount: 1,
};
const DALL_E_2: ImageModelOptions = { sizes: ['1024x1024', '512x512', '256x256'], qualities: [], maxCount: 4 };
/** Other models (qwen-image, flux, seedream…): the common sizes, the gateway's own quality. */
const OTHER: ImageModelOptions = { sizes: ['1024x1024', '1536x1024', '1024x1536'], qualities: [], maxCount: 4 };

export function imageModelOptions(model: string): ImageModelOptions {
  const bare = bareModelName(model).toLowerCase();
  if (bare.startsWith('gpt-image')) return GPT_IMAGE;
  if (bare.startsWith('dall-e-3')) return DALL_E_3;
  if (bare.startsWith('dall-e-2')) return DALL_E_2;
  return OTHER;
}

/**
 * The image models of a gateway's list (endpoint type `image-generation`, or a known image name), sorted with the
 * known ones first; the known names when the list has none.
 */
export function imageModelsToOffer(listed: readonly { id: string; endpointTypes?: readonly string[] }[]): string[] {
  const ids = listed.filter((m) => modelKind(m.id, m.endpointTypes) === 'image').map((m) => m.id);
  if (ids.length === 0) return [...KNOWN_IMAGE_MODELS];
  const rank = (id: string) => {
    const i = KNOWN_IMAGE_MODELS.indexOf(id);
    return i < 0 ? KNOWN_IMAGE_MODELS.length : i;
  };
  return [...new Set(ids)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
