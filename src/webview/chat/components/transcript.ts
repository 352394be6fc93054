// The transcript: the conversation's messages, the answer streaming into it, and what its buttons do.
import type { MessageView } from '../../../shared/chat/protocol';
import { findByDataId, h } from '../../shared/dom';
import { clip } from '../../shared/format';
import { actionSelector, type ActionHandlers } from '../actions';
import { IncrementalRenderer } from '../incrementalRenderer';
import type { MarkdownKit } from '../markdownKit';
import { lastAssistantId, type ChatState } from '../state/chatState';
import { subscribe, type ChatContext } from './chatContext';
import { messageElement, renderVideos, showEditForm, updateMessageChrome } from './message';
import { renderToolCalls } from './toolCallCards';
import { createMessageWindow } from './transcriptWindow';
import { compactionDivider, placeCompactionDivider } from './compactionDivider';
import { copyGeneratedImage, renderGeneratedImages } from './generatedImages';
import { CHAT_IMAGE_ACTIONS, type ChatImageAction } from '../../../shared/chat/protocol';

type TranscriptActions = Pick<
  ActionHandlers,
  | 'retry'
  | 'drop-parameter'
  | 'fork-message'
  | 'choose-alternative'
  | 'copy-message'
  | 'edit-message'
  | 'edit-save'
  | 'edit-cancel'
  | 'code-copy'
  | 'code-insert'
  | 'code-open'
  | 'code-apply'
  | 'image-load'
  | 'undo-compaction'
  | 'image-act'
>;

export interface Transcript {
  /** "Ask anything" shown while the conversation is empty. */
  empty: HTMLElement;
  list: HTMLElement;
  /** A polite live region that reads the streaming answer's finished blocks. */
  live: HTMLElement;
  actions: TranscriptActions;
  /** Scrolls along with the next answer again (after the user sends). */
  followEnd(): void;
}

/** How the streaming answer is drawn; which answer streams is the store's `streaming` record, never a copy here. */
interface LiveRendering {
  messageId: string;
  renderer: IncrementalRenderer;
  reasoning: HTMLDetailsElement | undefined;
  frame: number | undefined;
}

export function createTranscript(ctx: ChatContext, kit: MarkdownKit): Transcript {
  const s = ctx.strings;
  const { store, host, signal } = ctx;
  const empty = h('div', { class: 'empty' }, s.emptyTranscript);
  const list = h('div', { class: 'transcript', role: 'list', 'aria-label': s.messages.replace('{0}', '').trim() });
  const live = h('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'true' });
  let rendering: LiveRendering | undefined;
  let stickToEnd = true;

  const announce = (text: string): void => {
    live.textContent = clip(text, 400);
  };
  const scrollToEnd = (force = false): void => {
    if (force || stickToEnd) list.scrollTop = list.scrollHeight;
  };
  const updateEmpty = (): void => {
    empty.hidden = (store.state.conversation?.messages.length ?? 0) > 0;
  };
  const cancelFrame = (): void => {
    if (rendering?.frame !== undefined) cancelAnimationFrame(rendering.frame);
    if (rendering) rendering.frame = undefined;
  };
  /** At most one redraw per animation frame, however many deltas arrived. */
  const scheduleRender = (): void => {
    const st = rendering;
    if (!st || st.frame !== undefined) return;
    st.frame = requestAnimationFrame(() => {
      st.frame = undefined;
      st.renderer.render();
      scrollToEnd();
    });
  };
  const startStreaming = (el: HTMLElement, messageId: string): IncrementalRenderer => {
    const renderer = new IncrementalRenderer(el.querySelector<HTMLElement>('.message-body')!, kit, announce);
    rendering = {
      messageId,
      renderer,
      reasoning: el.querySelector<HTMLDetailsElement>('.reasoning') ?? undefined,
      frame: undefined,
    };
    return renderer;
  };

  /** Message i of the open conversation, drawn when it scrolls into view (a long one opens at its end). */
  const drawMessage = (i: number): HTMLElement => {
    const m = store.state.conversation!.messages[i]!;
    const el = messageElement(s, kit, m, m.id === lastAssistantId(store.state));
    // The store's streaming answer (a reload in the middle of it): drawn so far, and its deltas follow.
    if (store.state.streaming?.messageId === m.id) {
      const renderer = startStreaming(el, m.id);
      renderer.append(m.text);
      renderer.render();
    }
    return el;
  };

  /** The compaction divider, drawn or not: it follows its last summarized message in and out of the window. */
  let divider: { el: HTMLElement; throughId: string } | undefined;
  const newDivider = (): typeof divider => {
    divider?.el.remove();
    const c = store.state.conversation?.compaction;
    return c && { el: compactionDivider(s, c), throughId: c.throughId };
  };
  const placeDivider = (): void => {
    const d = divider;
    if (!d) return;
    placeCompactionDivider(list, d.el, d.throughId, () =>
      Boolean(store.state.conversation?.messages.some((m) => m.id === d.throughId)),
    );
  };
  const messages = createMessageWindow(list, drawMessage, {
    pinned: (el) => el.getAttribute('data-id') === rendering?.messageId,
    onChange: placeDivider,
  });

  const renderAll = (): void => {
    const conversation = store.state.conversation;
    if (!conversation) return;
    cancelFrame();
    rendering = undefined;
    divider = newDivider();
    messages.reset(conversation.messages.length);
    updateEmpty();
    scrollToEnd(true);
  };

  const didStart = (user: MessageView | undefined, assistant: MessageView): void => {
    // The previous answer loses its Regenerate button.
    for (const b of Array.from(list.querySelectorAll(`${actionSelector('retry')}.icon-button`))) b.remove();
    if (user) messages.append(messageElement(s, kit, user, false));
    const el = messageElement(s, kit, assistant, true);
    messages.append(el);
    startStreaming(el, assistant.id);
    updateEmpty();
    scrollToEnd(true);
  };

  const didAppend = (requestId: string, content: string, reasoning: string): void => {
    const st = rendering;
    const live = store.state.streaming;
    if (!st || live?.requestId !== requestId || live.messageId !== st.messageId) return;
    if (reasoning && st.reasoning) {
      st.reasoning.hidden = false;
      st.reasoning.querySelector('.reasoning-text')!.append(reasoning);
    }
    if (content) st.renderer.append(content);
    scheduleRender();
  };

  /** `wasStreaming`: the store's record before this event (the reducer has just cleared it). */
  const didFinish = (wasStreaming: ChatState['streaming'], requestId: string, message: MessageView): void => {
    const st = rendering;
    if (st && wasStreaming?.requestId === requestId && wasStreaming.messageId === st.messageId) {
      cancelFrame();
      st.renderer.finish();
      if (st.reasoning) st.reasoning.open = false;
      rendering = undefined;
    }
    const el = findByDataId(list, '.message', message.id);
    if (el) {
      updateMessageChrome(s, el, message, message.id === lastAssistantId(store.state));
      renderVideos(s, el, message);
      renderGeneratedImages(s, el, message);
      renderToolCalls(s, el, message);
    }
    scrollToEnd();
  };

  const didChange = (message: MessageView): void => {
    const el = findByDataId(list, '.message', message.id);
    if (!el) return;
    // Tool cards change while their answer is still live (the calls run before it ends).
    renderToolCalls(s, el, message);
    if (store.state.streaming?.messageId === message.id) return;
    updateMessageChrome(s, el, message, message.id === lastAssistantId(store.state));
    renderVideos(s, el, message);
    renderGeneratedImages(s, el, message);
    scrollToEnd();
  };

  const imageDidLoad = (url: string, dataUrl: string): void => {
    // The host fetched it after the user asked; only a data: image of an allowed type is ever shown.
    if (!/^data:image\/(png|jpeg|gif|webp);base64,/.test(dataUrl)) return;
    for (const ph of Array.from(list.querySelectorAll<HTMLElement>('.remote-image'))) {
      if (ph.getAttribute('data-url') === url)
        ph.replaceWith(h('img', { class: 'md-image', src: dataUrl, alt: url, title: url }));
    }
  };

  subscribe(ctx, (_state, event, previous) => {
    switch (event.type) {
      case 'conversation/didLoad':
        return renderAll();
      case 'chat/didStart':
        if (previous.conversation) didStart(event.user, event.assistant);
        return;
      case 'chat/didAppend':
        return didAppend(event.requestId, event.content, event.reasoning);
      case 'chat/didFinish':
        return didFinish(previous.streaming, event.requestId, event.message);
      case 'message/didChange':
        return didChange(event.message);
      case 'image/didLoad':
        return imageDidLoad(event.url, event.dataUrl);
      case 'conversation/didCompact':
        divider = newDivider();
        return placeDivider();
      case 'image/didReadForCopy':
        return void copyGeneratedImage(s, list, event.messageId, event.index, event.dataUrl);
    }
  });

  list.addEventListener(
    'scroll',
    () => {
      stickToEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    },
    { signal },
  );
  // Links never carry an href: the host confirms and opens them.
  list.addEventListener(
    'click',
    (e) => {
      const link = (e.target as Element).closest<HTMLElement>('[data-href]');
      if (!link) return;
      e.preventDefault();
      host.post({ type: 'link/open', url: link.getAttribute('data-href') ?? '' });
    },
    { signal },
  );
  list.addEventListener(
    'keydown',
    (e) => {
      // Links are spans of role=link: Enter activates them like a real link.
      const t = e.target as Element;
      if (e.key === 'Enter' && t.matches('[data-href]')) {
        e.preventDefault();
        host.post({ type: 'link/open', url: t.getAttribute('data-href') ?? '' });
      }
    },
    { signal },
  );

  const codeOf = (target: HTMLElement) => {
    const block = target.closest('.code-block');
    return { code: block?.querySelector('code')?.textContent ?? '', language: block?.getAttribute('data-lang') ?? '' };
  };
  const messageId = (target: HTMLElement) => target.getAttribute('data-message') ?? '';
  const actions: TranscriptActions = {
    'undo-compaction': () => host.post({ type: 'context/undoCompaction' }),
    retry: (t) => host.post({ type: 'chat/retry', messageId: messageId(t) }),
    'drop-parameter': (t) => host.post({ type: 'chat/dropParameter', messageId: messageId(t) }),
    'fork-message': (t) => host.post({ type: 'chat/fork', messageId: messageId(t) }),
    'choose-alternative': (t) =>
      host.post({
        type: 'chat/chooseAlternative',
        messageId: messageId(t),
        index: Number(t.getAttribute('data-index')),
      }),
    'copy-message': (t) => host.post({ type: 'message/copy', messageId: messageId(t) }),
    'edit-message': (t) => {
      const id = messageId(t);
      const m = store.state.conversation?.messages.find((x) => x.id === id);
      const el = findByDataId(list, '.message', id);
      if (m && el && !store.state.streaming) showEditForm(s, el, m);
    },
    'edit-save': (t) => {
      const ta = t.closest('.message')?.querySelector<HTMLTextAreaElement>('.edit-input');
      if (ta?.value.trim()) host.post({ type: 'chat/editAndResend', messageId: messageId(t), text: ta.value });
    },
    'edit-cancel': () => renderAll(),
    'code-copy': (t) => host.post({ type: 'code/copy', code: codeOf(t).code }),
    'code-insert': (t) => host.post({ type: 'code/insert', code: codeOf(t).code }),
    'code-open': (t) => host.post({ type: 'code/open', ...codeOf(t) }),
    'code-apply': (t) => host.post({ type: 'code/apply', ...codeOf(t) }),
    'image-load': (t) => {
      const url = t.closest('.remote-image')?.getAttribute('data-url');
      if (url) host.post({ type: 'image/load', url });
    },
    'image-act': (t) => {
      const action = t.getAttribute('data-image-action') ?? '';
      if (!(CHAT_IMAGE_ACTIONS as readonly string[]).includes(action)) return;
      host.post({
        type: 'image/act',
        messageId: messageId(t),
        index: Number(t.getAttribute('data-index')),
        action: action as ChatImageAction,
      });
    },
  };
  signal.addEventListener(
    'abort',
    () => {
      cancelFrame();
      messages.dispose();
    },
    { once: true },
  );
  return { empty, list, live, actions, followEnd: () => (stickToEnd = true) };
}
