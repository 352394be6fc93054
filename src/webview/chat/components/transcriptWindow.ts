// A long transcript drawn in part: the last screen first, older messages as they scroll into view, far ones let go.

export interface MessageWindowOptions {
  /** Messages drawn at once when a conversation opens (enough to fill a tall view). */
  initial?: number;
  /** Messages drawn each time the user scrolls near an undrawn part. */
  batch?: number;
  /** Most messages kept drawn: past it the ones farthest from the view are replaced by their height. */
  max?: number;
  /** An element never let go (the answer streaming into it). */
  pinned?: (el: HTMLElement) => boolean;
  /** Called after the drawn messages changed: what sits among them (the compaction divider) is placed again. */
  onChange?: () => void;
}

export interface MessageWindow {
  /** Shows a conversation of `count` messages: the last ones now, the rest as they scroll into view. */
  reset(count: number): void;
  /** Adds the element of a new last message (the end is drawn first, so it lands in order). */
  append(el: HTMLElement): void;
  dispose(): void;
}

/**
 * `draw(i)` makes message i's element. The list holds a spacer above and one below the drawn messages; a spacer is as
 * tall as the messages it stands for once they have been drawn (so the scroll bar and position stay put), and an
 * IntersectionObserver draws them again when a spacer nears the view. Without IntersectionObserver (tests in jsdom)
 * every message is drawn. Other elements may sit among the messages (`onChange` places them); they are not counted.
 */
export function createMessageWindow(
  list: HTMLElement,
  draw: (index: number) => HTMLElement,
  options: MessageWindowOptions = {},
): MessageWindow {
  const initial = options.initial ?? 30;
  const batch = options.batch ?? 20;
  const max = Math.max(options.max ?? 120, initial + batch);
  const above = spacer('transcript-above');
  const below = spacer('transcript-below');
  /** Heights of messages drawn before and let go (undrawn ones never drawn have none yet). */
  let heights: (number | undefined)[] = [];
  let count = 0;
  /** Drawn messages are [start, end). */
  let start = 0;
  let end = 0;
  /** The message elements this window drew or was given (others in the list are not messages). */
  let items = new WeakSet<Element>();
  const io =
    typeof IntersectionObserver === 'undefined'
      ? undefined
      : new IntersectionObserver((entries) => onVisible(entries), { root: list, rootMargin: '600px 0px' });

  function spacer(cls: string): HTMLElement {
    const el = document.createElement('div');
    el.className = cls;
    el.setAttribute('aria-hidden', 'true');
    return el;
  }

  const sum = (from: number, to: number): number => {
    let total = 0;
    for (let i = from; i < to; i++) total += heights[i] ?? 0;
    return total;
  };
  const sizeSpacers = (): void => {
    above.style.height = `${sum(0, start)}px`;
    below.style.height = `${sum(end, count)}px`;
    above.hidden = start === 0;
    below.hidden = end === count;
    options.onChange?.();
  };
  const drawItem = (i: number): HTMLElement => {
    const el = draw(i);
    items.add(el);
    return el;
  };
  /** The drawn message elements, in order (between the two spacers). */
  const drawnElements = (): HTMLElement[] => {
    const out: HTMLElement[] = [];
    for (let el = above.nextElementSibling; el && el !== below; el = el.nextElementSibling)
      if (items.has(el)) out.push(el as HTMLElement);
    return out;
  };

  function drawOlder(): void {
    if (start === 0) return;
    const from = Math.max(0, start - batch);
    const before = list.scrollHeight;
    const top = list.scrollTop;
    const frag = document.createDocumentFragment();
    for (let i = from; i < start; i++) frag.append(drawItem(i));
    above.after(frag);
    start = from;
    sizeSpacers();
    // What was on screen stays where it was: the new messages grew the list above it.
    list.scrollTop = top + (list.scrollHeight - before);
    letGoBelow();
  }

  function drawNewer(): void {
    if (end === count) return;
    const to = Math.min(count, end + batch);
    const frag = document.createDocumentFragment();
    for (let i = end; i < to; i++) frag.append(drawItem(i));
    below.before(frag);
    end = to;
    sizeSpacers();
    letGoAbove();
  }

  /** Past `max`, the messages farthest below the view are replaced by the spacer below. */
  function letGoBelow(): void {
    const els = drawnElements();
    const viewBottom = list.scrollTop + list.clientHeight;
    while (end - start > max) {
      const el = els.pop();
      if (!el || el.offsetTop < viewBottom + list.clientHeight || options.pinned?.(el)) break;
      heights[end - 1] = el.offsetHeight;
      el.remove();
      end--;
    }
    sizeSpacers();
  }

  /** Past `max`, the messages farthest above the view are replaced by the spacer above. */
  function letGoAbove(): void {
    const els = drawnElements();
    let i = 0;
    while (end - start > max) {
      const el = els[i++];
      if (!el || el.offsetTop + el.offsetHeight > list.scrollTop - list.clientHeight || options.pinned?.(el)) break;
      heights[start] = el.offsetHeight;
      el.remove();
      start++;
    }
    sizeSpacers();
  }

  function onVisible(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      if (e.target === above) drawOlder();
      else if (e.target === below) drawNewer();
    }
    // Still in view after a batch (a tall screen, short messages): draw on at the next frame.
    requestAnimationFrame(() => {
      const view = list.getBoundingClientRect();
      const near = (el: HTMLElement): boolean => {
        if (el.hidden) return false;
        const r = el.getBoundingClientRect();
        return r.bottom >= view.top - 600 && r.top <= view.bottom + 600;
      };
      if (near(above)) drawOlder();
      else if (near(below)) drawNewer();
    });
  }

  return {
    reset(n: number): void {
      count = n;
      heights = new Array<number | undefined>(n).fill(undefined);
      items = new WeakSet<Element>();
      end = n;
      start = io ? Math.max(0, n - initial) : 0;
      const frag = document.createDocumentFragment();
      for (let i = start; i < end; i++) frag.append(drawItem(i));
      list.replaceChildren(above, frag, below);
      sizeSpacers();
      io?.observe(above);
      io?.observe(below);
    },
    append(el: HTMLElement): void {
      // The end is drawn before a new message joins it.
      while (end < count) drawNewer();
      items.add(el);
      below.before(el);
      count++;
      end = count;
      heights.push(undefined);
      sizeSpacers();
    },
    dispose(): void {
      io?.disconnect();
    },
  };
}
