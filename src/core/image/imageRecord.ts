// A finished image generation or edit as the gallery keeps it: one small JSON record per generation.

export interface ImageGeneration {
  id: string;
  /** `generate` or `edit` (of `source`). */
  kind: 'generate' | 'edit';
  model: string;
  prompt: string;
  size?: string;
  quality?: string;
  count: number;
  createdAt: number;
  /** Local files, in the answer's order. */
  files: string[];
  /** The prompt as the gateway rewrote it (dall-e-3), when it says. */
  revisedPrompt?: string;
  /** The edited image (for `edit`). */
  source?: string;
  requestId?: string;
  /** The gateway profile (absent: the default one). */
  profile?: string;
}

const str = (v: unknown, max = 20_000): string | undefined =>
  typeof v === 'string' && v.length <= max ? v : undefined;

/** A record read from disk, checked field by field; undefined when it is not one. */
export function parseImageGeneration(raw: unknown): ImageGeneration | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const id = str(r.id, 100);
  const model = str(r.model, 200);
  const prompt = str(r.prompt);
  const files = Array.isArray(r.files) ? r.files.filter((f): f is string => typeof f === 'string') : undefined;
  if (!id || !/^[\w-]+$/.test(id) || !model || prompt === undefined || !files) return undefined;
  if (typeof r.createdAt !== 'number' || !Number.isFinite(r.createdAt)) return undefined;
  const g: ImageGeneration = {
    id,
    kind: r.kind === 'edit' ? 'edit' : 'generate',
    model,
    prompt,
    count: typeof r.count === 'number' && r.count > 0 ? Math.min(r.count, 10) : files.length,
    createdAt: r.createdAt,
    files: files.slice(0, 10),
  };
  for (const k of ['size', 'quality', 'revisedPrompt', 'source', 'requestId', 'profile'] as const) {
    const v = str(r[k]);
    if (v !== undefined) g[k] = v;
  }
  return g;
}
