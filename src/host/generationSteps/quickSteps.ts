// The quick-input steps the generation commands (images, videos) walk through: a pick with a default, a text box;
// both with Back.
import * as vscode from 'vscode';

export const BACK = Symbol('back');
export type Step<T> = Promise<T | typeof BACK | undefined>;

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

export interface PickOptions<T> {
  title: string;
  step: number;
  totalSteps: number;
  placeholder: string;
  items: PickItem<T>[];
  /** Highlighted at first, so Enter accepts it. */
  active?: T;
  back: boolean;
  /** Items that arrive later (the gateway's model list); the highlight stays where the user left it. */
  later?: Promise<PickItem<T>[] | undefined>;
}

/** One choice; Enter takes the highlighted item, Back returns BACK, Escape undefined. */
export function pick<T>(o: PickOptions<T>): Step<T> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<PickItem<T>>();
    qp.title = o.title;
    qp.step = o.step;
    qp.totalSteps = o.totalSteps;
    qp.placeholder = o.placeholder;
    qp.ignoreFocusOut = true;
    if (o.back) qp.buttons = [vscode.QuickInputButtons.Back];
    const setItems = (items: PickItem<T>[]) => {
      // Replacing identical items would only move the highlight under the user's cursor.
      if (
        items.length === qp.items.length &&
        items.every((it, i) => qp.items[i]?.label === it.label && qp.items[i]?.description === it.description)
      )
        return;
      const active = qp.activeItems[0]?.value ?? o.active;
      qp.items = items;
      const again = items.find((i) => i.value === active);
      if (again) qp.activeItems = [again];
    };
    setItems(o.items);
    if (o.later) {
      qp.busy = true;
      void o.later
        .then((items) => {
          if (items?.length) setItems(items);
        })
        .finally(() => (qp.busy = false));
    }
    let done = false;
    const finish = (v: T | typeof BACK | undefined) => {
      done = true;
      resolve(v);
      qp.hide();
    };
    qp.onDidTriggerButton(() => finish(BACK));
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0] ?? qp.activeItems[0];
      if (item) finish(item.value);
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

export interface TextOptions {
  title: string;
  step: number;
  totalSteps: number;
  prompt: string;
  placeholder: string;
  value: string;
  back: boolean;
}

/** A non-empty text; Back returns BACK, Escape undefined. */
export function askText(o: TextOptions): Step<string> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = o.title;
    box.step = o.step;
    box.totalSteps = o.totalSteps;
    box.value = o.value;
    box.prompt = o.prompt;
    box.placeholder = o.placeholder;
    box.ignoreFocusOut = true;
    if (o.back) box.buttons = [vscode.QuickInputButtons.Back];
    let done = false;
    const empty = vscode.l10n.t('Enter a prompt.');
    box.onDidChangeValue((v) => (box.validationMessage = v.trim() ? undefined : empty));
    box.onDidTriggerButton(() => {
      done = true;
      resolve(BACK);
      box.hide();
    });
    box.onDidAccept(() => {
      if (!box.value.trim()) {
        box.validationMessage = empty;
        return;
      }
      done = true;
      resolve(box.value.trim());
      box.hide();
    });
    box.onDidHide(() => {
      if (!done) resolve(undefined);
      box.dispose();
    });
    box.show();
  });
}
