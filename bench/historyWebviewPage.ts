// Browser side of the history bench: the whole chat view opens a long conversation, then is scrolled to its start.
/// <reference lib="dom" />
import type { ConversationView, WebviewStrings } from '../src/shared/chat/protocol';
import { mountChatApp } from '../src/webview/chat/chatApp';
import { ChatStore } from '../src/webview/chat/state/chatStore';

export interface OpenResult {
  /** From the message's arrival to the end of the frame that shows it (after layout and paint). */
  paintMs: number;
  drawn: number;
}

export interface ScrollResult {
  /** Most messages drawn at once while scrolling from the end to the start. */
  maxDrawn: number;
  /** JS heap after garbage collection: with the conversation open, and after scrolling to its start. */
  heapOpenMb: number;
  heapScrolledMb: number;
  domNodes: number;
  reachedStart: boolean;
}

interface HistoryBenchPage {
  /** Opens the conversation in a freshly mounted chat view; `window` false draws every message (the old way). */
  open(conversation: ConversationView, windowed: boolean): Promise<OpenResult>;
  scrollToStart(): Promise<ScrollResult>;
}

declare global {
  interface Window {
    applerouterHistoryBench: HistoryBenchPage;
    applerouterHistoryStrings: WebviewStrings;
  }
}

const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const heapMb = (): number => {
  window.gc?.();
  return ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1e6;
};
const drawnCount = (): number => document.querySelectorAll('.transcript .message').length;
const realObserver = window.IntersectionObserver;
let unmount: (() => void) | undefined;

window.applerouterHistoryBench = {
  async open(conversation, windowed) {
    unmount?.();
    const root = document.getElementById('app')!;
    root.replaceChildren();
    await frame();
    window.gc?.();
    // Without IntersectionObserver the transcript draws every message.
    (window as { IntersectionObserver?: unknown }).IntersectionObserver = windowed ? realObserver : undefined;
    const store = new ChatStore();
    store.dispatch({ type: 'init/didInit', strings: window.applerouterHistoryStrings, hasKey: true });
    unmount = mountChatApp(root, window.applerouterHistoryStrings, store, {
      post: () => undefined,
      draft: () => '',
      saveDraft: () => undefined,
    });
    await frame();
    const start = performance.now();
    store.dispatch({ type: 'conversation/didLoad', conversation });
    await frame();
    return { paintMs: performance.now() - start, drawn: drawnCount() };
  },
  async scrollToStart() {
    const list = document.querySelector<HTMLElement>('.transcript')!;
    const heapOpenMb = heapMb();
    let maxDrawn = drawnCount();
    let still = 0;
    // A screen at a time, as a reader dragging upwards, until the first message is in view.
    while (still < 5) {
      const before = list.scrollTop;
      list.scrollTop = Math.max(0, list.scrollTop - list.clientHeight);
      await frame();
      await frame();
      maxDrawn = Math.max(maxDrawn, drawnCount());
      still = list.scrollTop === before && list.scrollTop === 0 ? still + 1 : 0;
    }
    const first = document.querySelector('.transcript .message')?.getAttribute('data-id');
    return {
      maxDrawn,
      heapOpenMb,
      heapScrolledMb: heapMb(),
      domNodes: document.getElementsByTagName('*').length,
      reachedStart: first !== null && first !== undefined && first.endsWith('-0'),
    };
  },
};
