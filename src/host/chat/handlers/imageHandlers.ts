// Handler for "Load image": fetches a remote image the user asked to see, under the one fetch policy of the core.
import { fetchBytes, FetchBytesError, fetchPolicyFor } from '../../../core/net';
import { urlInAnswers } from '../../../core/chat';
import { redactSecrets } from '../../../core/redact';
import type { ChatHandlers, ChatHost } from '../chatHost';
import { describeError } from '../../../core';
import { chatMessages } from '../chatStrings';

/** Largest remote image the user can load into the transcript. */
const MAX_REMOTE_IMAGE_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function imageHandlers(host: ChatHost): Pick<ChatHandlers, 'image/load'> {
  return { 'image/load': (msg) => loadRemoteImage(host, msg.url) };
}

async function loadRemoteImage(host: ChatHost, url: string): Promise<void> {
  const shown = url.slice(0, 200);
  const fail = (why: string) => {
    host.log.warn(`remote image not loaded (${why}): ${shown}`);
    host.post({ type: 'notice/didShow', message: redactSecrets(chatMessages.imageLoadFailed(shown, why)) });
  };
  const answers = host.session.conversation.messages.filter((m) => m.role === 'assistant').map((m) => m.text);
  if (!urlInAnswers(answers, url)) return fail('not in this conversation');
  try {
    // Through applerouter.proxy when it is set (the proxy then resolves names), like video downloads.
    const agent = host.services.transport.getAgent();
    const image = await fetchBytes({
      url,
      policy: fetchPolicyFor(host.services.profiles.get(host.session.conversation.profile).baseUrl),
      maxBytes: MAX_REMOTE_IMAGE_BYTES,
      accept: 'image/png, image/jpeg, image/gif, image/webp',
      acceptType: (t) => IMAGE_TYPES.has(t),
      timeoutMs: 30_000,
      ...(agent ? { agent } : {}),
    });
    host.post({
      type: 'image/didLoad',
      url,
      dataUrl: `data:${image.mediaType};base64,${image.bytes.toString('base64')}`,
    });
  } catch (e) {
    if (e instanceof FetchBytesError && e.kind === 'type') return fail(chatMessages.imageNotImage());
    if (e instanceof FetchBytesError && e.kind === 'tooLarge')
      return fail(chatMessages.imageTooBig(MAX_REMOTE_IMAGE_BYTES / 1048576));
    if (e instanceof FetchBytesError && e.status === 407)
      return fail(host.services.transport.proxyAuthMessage() ?? e.message);
    fail(describeError(e));
  }
}
