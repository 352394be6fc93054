// The extension's small state shared by windows, kept in files changed under a lock (Memento keys moved there once).
import * as vscode from 'vscode';
import * as path from 'node:path';
import { SharedNameSets } from '../../core/storage';

/** The sets kept in the shared files. */
export const SharedSet = {
  /** Tools the user allowed always (per workspace). */
  approvedTools: 'approvedTools',
  /** Models whose gateway refused tools (a 400 saying so). */
  toolsRefused: 'toolsRefused',
  /** Models whose gateway refused the FIM completions endpoint. */
  fimRefused: 'fimRefused',
} as const;

/**
 * A Memento writes an extension's whole state object at once, and another window's copy of it is updated only when
 * the change reaches it: a read-modify-write of a list from two windows loses one of them (and can bring back a
 * revoked approval). Lists therefore live in these files; single values whose last write wins by intent (the last
 * conversation, the completions snooze, the last image model, each learned context window under its own key) stay in
 * globalState.
 */
export function globalSets(context: vscode.ExtensionContext): SharedNameSets {
  // One object per file, so calls from this window queue on its lock in memory instead of retrying the lock folder.
  let sets = globalByContext.get(context);
  if (!sets) {
    sets = new SharedNameSets(path.join(context.globalStorageUri.fsPath, 'shared-state.json'));
    globalByContext.set(context, sets);
  }
  return sets;
}
const globalByContext = new WeakMap<vscode.ExtensionContext, SharedNameSets>();

/** The workspace's shared file (every window of the same folder), or undefined without a folder. */
export function workspaceSets(context: vscode.ExtensionContext): SharedNameSets | undefined {
  return context.storageUri ? new SharedNameSets(path.join(context.storageUri.fsPath, 'shared-state.json')) : undefined;
}

/** Moves a list kept in a Memento by earlier versions into a shared set, once; resolves when the set is read. */
export async function adoptMementoList(
  memento: vscode.Memento,
  key: string,
  sets: SharedNameSets,
  set: string,
): Promise<void> {
  const legacy = memento.get<unknown>(key);
  if (Array.isArray(legacy)) {
    await sets.add(
      set,
      legacy.filter((x): x is string => typeof x === 'string'),
    );
    await memento.update(key, undefined);
  }
  await sets.names(set);
}
