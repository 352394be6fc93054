// What every chat component gets: the store, the host channel, the localized strings and a lifetime.
import type { WebviewStrings } from '../../../shared/chat/protocol';
import type { ChatHost } from '../vscodeApi';
import type { ChatListener, ChatStore } from '../state/chatStore';

export interface ChatContext {
  store: ChatStore;
  host: ChatHost;
  strings: WebviewStrings;
  /** Aborted when the app is unmounted: DOM listeners take it as their `signal`. */
  signal: AbortSignal;
}

/** Subscribes for the component's lifetime. */
export function subscribe(ctx: ChatContext, listener: ChatListener): void {
  const off = ctx.store.subscribe(listener);
  ctx.signal.addEventListener('abort', off, { once: true });
}
