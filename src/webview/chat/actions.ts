// The typed action registry: buttons declare an action name (checked here), one delegated click runs its handler.
import { iconButton, textButton } from '../shared/dom';

/** Every action a chat button can declare with `data-action`. */
export const ACTION_NAMES = [
  'send-or-stop',
  'attach',
  'remove-image',
  'context-add',
  'context-remove',
  'context-preview',
  'hide-history',
  'history-open',
  'history-rename',
  'history-export',
  'history-delete',
  'set-api-key',
  'show-log',
  'retry',
  'drop-parameter',
  'fork-message',
  'choose-alternative',
  'copy-message',
  'edit-message',
  'edit-save',
  'edit-cancel',
  'code-copy',
  'code-insert',
  'code-open',
  'code-apply',
  'image-load',
  'image-act',
  'dismiss-notice',
  'manage-trust',
  'compact-now',
  'undo-compaction',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** A handler gets the element that declared the action (its data-* attributes say what it is about). */
type ActionHandler = (target: HTMLElement) => void;
export type ActionHandlers = { [K in ActionName]: ActionHandler };

function isActionName(name: string | null): name is ActionName {
  return name !== null && (ACTION_NAMES as readonly string[]).includes(name);
}

/** The attributes that declare an action on an element. */
export function actionAttrs(action: ActionName, extra: Record<string, string> = {}): Record<string, string> {
  return { 'data-action': action, ...extra };
}

/** A selector for the elements that declare an action. */
export function actionSelector(action: ActionName): string {
  return `[data-action="${action}"]`;
}

export function actionIconButton(
  icon: string,
  label: string,
  action: ActionName,
  extra: Record<string, string> = {},
): HTMLButtonElement {
  return iconButton(icon, label, actionAttrs(action, extra));
}

export function actionTextButton(
  label: string,
  action: ActionName,
  extra: Record<string, string> = {},
): HTMLButtonElement {
  return textButton(label, actionAttrs(action, extra));
}

/** Runs the handler of the nearest element above `target` that declares an action; false when there is none. */
export function runAction(handlers: ActionHandlers, target: Element): boolean {
  const el = target.closest<HTMLElement>('[data-action]');
  const name = el?.getAttribute('data-action') ?? null;
  if (!el || !isActionName(name)) return false;
  handlers[name](el);
  return true;
}

/** One click listener on the root for every action inside it, including markup rendered later (answers). */
export function listenForActions(root: HTMLElement, handlers: ActionHandlers, signal: AbortSignal): void {
  root.addEventListener('click', (e) => runAction(handlers, e.target as Element), { signal });
}
