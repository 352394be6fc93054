// Our own names for downloaded videos: date, model and a slug of the prompt; never the server's.

/** A short, filesystem-safe slug of the prompt: letters and digits of any script, joined by '-'. */
export function promptSlug(prompt: string, maxLength = 40, fallback = 'video'): string {
  const words = prompt
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  let slug = '';
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if ([...next].length > maxLength) {
      if (!slug) slug = [...w].slice(0, maxLength).join('');
      break;
    }
    slug = next;
  }
  return slug || fallback;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * `2026-11-26_110700_veo-3.1-fast_a-cat-playing-piano`: the name of a generated video or image without its extension,
 * with `-2`, `-3`… for the second and later result of one generation. Local time, since the user reads it.
 */
export function generatedFileStem(
  date: Date,
  model: string,
  prompt: string,
  index: number,
  kind: 'video' | 'image',
): string {
  const stamp = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}_${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  const safeModel = model.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || kind;
  const suffix = index > 0 ? `-${index + 1}` : '';
  return `${stamp}_${safeModel}_${promptSlug(prompt, 40, kind)}${suffix}`;
}

/** `2026-11-26_110700_veo-3.1-fast_a-cat-playing-piano.mp4` (see generatedFileStem). */
export function videoFileName(date: Date, model: string, prompt: string, index = 0): string {
  return `${generatedFileStem(date, model, prompt, index, 'video')}.mp4`;
}
