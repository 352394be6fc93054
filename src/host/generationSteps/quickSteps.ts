// The quick-input steps the generation commands (images, videos) walk through: a pick with a default, a text box;
// both with Back.
import * as vscode from 'vscode';

export const BACK = Symbol('back');
export type Step<T> = Promise<T | typeof BACK | undefined>;

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

/** What every step shows alike: the command's title and the step's number, a placeholder, and Back after the first. */
interface StepFrame {
  title: string;
  step: number;
  totalSteps: number;
  placeholder: string;
  back: boolean;
}

/** Dresses a step as its frame says; it stays open when the focus goes elsewhere. */
function dress(input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox, o: StepFrame): void {
  input.title = o.title;
  input.step = o.step;
  input.totalSteps = o.totalSteps;
  input.placeholder = o.placeholder;
  input.ignoreFocusOut = true;
  if (o.back) input.buttons = [vscode.QuickInputButtons.Back];
}

/**
 * Settles a step once: the returned function resolves it with a value or BACK and closes it; closing it any other
 * way (Escape) resolves undefined. The step is disposed when it closes.
 */
function settleOnce<T>(input: vscode.QuickInput, resolve: (v: T | typeof BACK | undefined) => void) {
  let done = false;
  input.onDidHide(() => {
    if (!done) resolve(undefined);
    input.dispose();
  });
  return (v: T | typeof BACK): void => {
    done = true;
    resolve(v);
    input.hide();
  };
}

export interface PickOptions<T> extends StepFrame {
  items: PickItem<T>[];
  /** Highlighted at first, so Enter accepts it. */
  active?: T;
  /** Items that arrive later (the gateway's model list); the highlight stays where the user left it. */
  later?: Promise<PickItem<T>[] | undefined>;
}

/** One choice; Enter takes the highlighted item, Back returns BACK, Escape undefined. */
export function pick<T>(o: PickOptions<T>): Step<T> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<PickItem<T>>();
    dress(qp, o);
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
    const finish = settleOnce(qp, resolve);
    qp.onDidTriggerButton(() => finish(BACK));
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0] ?? qp.activeItems[0];
      if (item) finish(item.value);
    });
    qp.show();
  });
}

export interface TextOptions extends StepFrame {
  prompt: string;
  value: string;
}

/** A non-empty text; Back returns BACK, Escape undefined. */
export function askText(o: TextOptions): Step<string> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    dress(box, o);
    box.value = o.value;
    box.prompt = o.prompt;
    const empty = vscode.l10n.t('Enter a prompt.');
    box.onDidChangeValue((v) => (box.validationMessage = v.trim() ? undefined : empty));
    const finish = settleOnce(box, resolve);
    box.onDidTriggerButton(() => finish(BACK));
    box.onDidAccept(() => {
      if (box.value.trim()) finish(box.value.trim());
      else box.validationMessage = empty;
    });
    box.show();
  });
}
