// Handler for "Load image": fetches a remote image the user asked to see (http(s), image types, size-capped).
import type { ChatHandlers, ChatHost } from '../chatHost';
import { describeError } from '../../logger';
import { chatMessages } from '../chatStrings';

/** Largest remote image the user can load into the transcript. */
const MAX_REMOTE_IMAGE_BYTES = 10 * 1024 * 1024;

export function imageHandlers(host: ChatHost): Pick<ChatHandlers, 'image/load'> {
  return { 'image/load': (msg) => loadRemoteImage(host, msg.url) };
}

async function loadRemoteImage(host: ChatHost, url: string): Promise<void> {
  const fail = (why: string) => {
    host.log.warn(`remote image not loaded (${why}): ${url.slice(0, 200)}`);
    host.post({ type: 'notice/didShow', message: chatMessages.imageLoadFailed(url.slice(0, 200), why) });
  };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('invalid URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return fail(parsed.protocol);
  try {
    // Through applerouter.proxy when it is set, like gateway requests and video downloads.
    const res = await host.services.transport.getFetch()(parsed.href, { signal: AbortSignal.timeout(30_000), redirect: 'follow' });
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!res.ok) return fail(`HTTP ${res.status}`);
    if (!/^image\/(png|jpeg|gif|webp)$/.test(type)) return fail(chatMessages.imageNotImage());
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body?.getReader();
    for (;;) {
      const r = reader ? await reader.read() : { done: true as const, value: undefined };
      if (r.done) break;
      size += r.value.length;
      if (size > MAX_REMOTE_IMAGE_BYTES) {
        await reader?.cancel();
        return fail(chatMessages.imageTooBig(MAX_REMOTE_IMAGE_BYTES / 1048576));
      }
      chunks.push(r.value);
    }
    host.post({ type: 'image/didLoad', url, dataUrl: `data:${type};base64,${Buffer.concat(chunks).toString('base64')}` });
  } catch (e) {
    fail(describeError(e));
  }
}
