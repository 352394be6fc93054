// Images onto the clipboard, shared by the chat and the image preview webviews.

/** PNG bytes for the clipboard (the one image type every clipboard takes); other types are redrawn as PNG. */
export async function pngBlob(dataUrl: string): Promise<Blob> {
  const [head, b64] = dataUrl.split(',', 2);
  const bytes = Uint8Array.from(atob(b64 ?? ''), (c) => c.charCodeAt(0));
  if (head?.startsWith('data:image/png')) return new Blob([bytes], { type: 'image/png' });
  const img = new Image();
  img.src = dataUrl;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  canvas.getContext('2d')!.drawImage(img, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'),
  );
}
