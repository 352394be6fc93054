// Set-up for the chat components' tests: a jsdom window as the global DOM, strings, a recording host and a store.
/// <reference lib="dom" />
import { JSDOM } from 'jsdom';
import {
  STRING_KEYS,
  type ConversationView,
  type MessageView,
  type WebviewStrings,
  type WebviewToHost,
} from '../../../../src/shared/chat/protocol';
import { ChatStore } from '../../../../src/webview/chat/state/chatStore';
import type { ChatContext } from '../../../../src/webview/chat/components/chatContext';
import type { ChatHost } from '../../../../src/webview/chat/vscodeApi';

/** Every key as its own text, with the templates the components fill. */
export const strings: WebviewStrings = {
  ...(Object.fromEntries(STRING_KEYS.map((k) => [k, k])) as WebviewStrings),
  messages: '{0} messages',
  showContext: 'Show {0}',
  removeContext: 'Remove {0}',
  seconds: '{0} s',
  tokens: '{0} tokens ({1} in, {2} out)',
  tooManyImages: 'At most {0} images',
  videoLabel: 'Video {0}',
  imageEditPasted: 'Edit {0}',
};

export interface RecordingHost extends ChatHost {
  posted: WebviewToHost[];
  drafts: string[];
  /** The messages of one type, typed. */
  sent<T extends WebviewToHost['type']>(type: T): Extract<WebviewToHost, { type: T }>[];
}

export function recordingHost(draft = ''): RecordingHost {
  const posted: WebviewToHost[] = [];
  const drafts: string[] = [];
  return {
    posted,
    drafts,
    post: (m) => void posted.push(m),
    draft: () => draft,
    saveDraft: (t) => void drafts.push(t),
    sent: <T extends WebviewToHost['type']>(type: T) =>
      posted.filter((m): m is Extract<WebviewToHost, { type: T }> => m.type === type),
  };
}

// jsdom accepts only its own AbortSignal in addEventListener, hence AbortController too.
const GLOBALS = [
  'window',
  'document',
  'Element',
  'HTMLElement',
  'Node',
  'AbortController',
  'requestAnimationFrame',
  'cancelAnimationFrame',
] as const;

/** Installs a fresh jsdom as the global DOM (the components use `document` like the real webview); `close()` removes it. */
export function installDom(): { window: Window & typeof globalThis; document: Document; close(): void } {
  const dom = new JSDOM('<!doctype html><html><body><div id="app"></div></body></html>', { pretendToBeVisual: true });
  const w = dom.window as unknown as Window & typeof globalThis;
  const g = globalThis as Record<string, unknown>;
  const saved = GLOBALS.map((k) => [k, g[k]] as const);
  Object.assign(g, {
    window: w,
    document: w.document,
    Element: w.Element,
    HTMLElement: w.HTMLElement,
    Node: w.Node,
    AbortController: w.AbortController,
    requestAnimationFrame: w.requestAnimationFrame.bind(w),
    cancelAnimationFrame: w.cancelAnimationFrame.bind(w),
  });
  return {
    window: w,
    document: w.document,
    close: () => {
      // Unmounts what the test mounted, so no listener or timer outlives the window.
      for (const l of lifetimes.splice(0)) l.abort();
      for (const [k, v] of saved) g[k] = v;
      dom.window.close();
    },
  };
}

const lifetimes: AbortController[] = [];

/** A store that has had `init/didInit`, and a context for mounting one component. */
export function context(
  host: RecordingHost = recordingHost(),
): ChatContext & { host: RecordingHost; lifetime: AbortController } {
  const store = new ChatStore();
  store.dispatch({ type: 'init/didInit', strings, hasKey: true });
  const lifetime = new AbortController();
  lifetimes.push(lifetime);
  return { store, host, strings, signal: lifetime.signal, lifetime };
}

export function key(target: EventTarget, keyName: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const e = new (window as unknown as typeof globalThis).KeyboardEvent('keydown', {
    key: keyName,
    bubbles: true,
    cancelable: true,
    ...init,
  });
  target.dispatchEvent(e);
  return e;
}

export function message(
  id: string,
  role: MessageView['role'],
  text: string,
  extra: Partial<MessageView> = {},
): MessageView {
  return { id, role, text, status: 'done', ...extra };
}

export function conversation(messages: MessageView[] = [], extra: Partial<ConversationView> = {}): ConversationView {
  return { id: 'c1', title: 'A title', model: 'gpt-4o', systemPrompt: '', messages, ...extra };
}

/** Resolves after the next animation frame (jsdom's pretend-to-be-visual frames). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}
