// Checks a reference image for image-to-video: type from its bytes (PNG, JPEG, WebP) and the 10 MB limit.

export const MAX_REFERENCE_BYTES = 10 * 1024 * 1024;

export type ReferenceImageType = 'image/png' | 'image/jpeg' | 'image/webp';

/** The image type from its first bytes (never from the file name alone). */
export function sniffImageType(bytes: Uint8Array): ReferenceImageType | undefined {
  const b = bytes;
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}
