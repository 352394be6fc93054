// What a completion may see: workspace files only (by real path), never secret or excluded ones, plus a few lines of
// recently used editors.
import { realpathSync } from 'node:fs';
import * as vscode from 'vscode';
import type { CompletionRequest, NeighborSnippet } from '../../core/completions';
import { locate, type RealLocation, type RealRoot } from '../../core/tools';
import { completionSettings, secretSettings } from '../settings';

/** Where a file on disk really is among the workspace folders (the same rule as the tools), or undefined. */
function realLocationSync(uri: vscode.Uri): RealLocation | undefined {
  const roots: RealRoot[] = [];
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    if (f.uri.scheme !== 'file') continue;
    try {
      roots.push({ name: f.name, fsPath: f.uri.fsPath, realPath: realpathSync.native(f.uri.fsPath) });
    } catch {
      // A folder that is gone holds nothing.
    }
  }
  try {
    return locate(roots, realpathSync.native(uri.fsPath));
  } catch {
    return undefined;
  }
}

const NEIGHBOR_EDITORS = 3;
const NEIGHBOR_LINES = 12;

/**
 * True when the document may be sent: untitled, or a file whose real path is in a workspace folder, matched neither by
 * `applerouter.secretFiles` (under any of its names) nor by `completions.exclude`.
 */
export function mayBeSent(document: vscode.TextDocument): boolean {
  if (document.uri.scheme === 'untitled') return true;
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'vscode-remote') return false;
  if (!vscode.workspace.getWorkspaceFolder(document.uri)) return false;
  if (completionSettings.exclude.some((pattern) => vscode.languages.match({ pattern }, document) > 0)) return false;
  const names = [vscode.workspace.asRelativePath(document.uri, false)];
  if (document.uri.scheme === 'file') {
    const where = realLocationSync(document.uri);
    if (!where) return false;
    names.push(...where.relatives);
  }
  const secrets = secretSettings.matcher;
  return !names.some((n) => secrets.matches(n));
}

/** Remembers the most recently used editors and where their cursor was. */
export class RecentEditors implements vscode.Disposable {
  private readonly recent: { uri: string; line: number }[] = [];
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.window.onDidChangeTextEditorSelection((e) => this.touch(e.textEditor));
    if (vscode.window.activeTextEditor) this.touch(vscode.window.activeTextEditor);
  }

  private touch(editor: vscode.TextEditor): void {
    const uri = editor.document.uri.toString();
    const i = this.recent.findIndex((r) => r.uri === uri);
    if (i >= 0) this.recent.splice(i, 1);
    this.recent.unshift({ uri, line: editor.selection.active.line });
    this.recent.length = Math.min(this.recent.length, 10);
  }

  /** A few lines around the cursor of the last editors other than `current`, if they may be sent. */
  snippets(current: vscode.Uri): NeighborSnippet[] {
    const out: NeighborSnippet[] = [];
    for (const r of this.recent) {
      if (out.length >= NEIGHBOR_EDITORS) break;
      if (r.uri === current.toString()) continue;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === r.uri);
      if (!doc || doc.uri.scheme === 'untitled' || !mayBeSent(doc)) continue;
      const start = Math.max(0, r.line - NEIGHBOR_LINES / 2);
      const end = Math.min(doc.lineCount - 1, start + NEIGHBOR_LINES - 1);
      const text = doc.getText(new vscode.Range(start, 0, end, doc.lineAt(end).text.length));
      if (text.trim()) out.push({ path: vscode.workspace.asRelativePath(doc.uri, false), text });
    }
    return out;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** Characters read on each side of the cursor; the engine's token budget is far smaller, so big files cost nothing extra. */
const WINDOW_CHARS = 24_000;

/** The engine's request for the cursor in `document`. */
export function completionRequest(
  document: vscode.TextDocument,
  position: vscode.Position,
  recent: RecentEditors,
): CompletionRequest {
  const offset = document.offsetAt(position);
  const start = document.positionAt(Math.max(0, offset - WINDOW_CHARS));
  const end = document.positionAt(offset + WINDOW_CHARS);
  const path =
    document.uri.scheme === 'untitled' ? document.uri.path : vscode.workspace.asRelativePath(document.uri, false);
  return {
    docKey: document.uri.toString(),
    offset,
    prefix: document.getText(new vscode.Range(start, position)),
    suffix: document.getText(new vscode.Range(position, end)),
    path,
    languageId: document.languageId,
    neighbors: recent.snippets(document.uri),
  };
}
