// The composer's context chips: what the user attached (file, selection, open editors, problems), shown and sent.
import * as vscode from 'vscode';
import { buildContextBlock, describeItem, type ContextItem, type ProblemEntry } from '../../core/editor';
import { buildMessageWithContext, type BuiltPrompt } from '../../core/editor';
import type { ContextChipView } from '../../shared/chat/protocol';
import { editorSettings } from '../settings';
import { displayPath, promptLanguage, snippetFromDocument, snippetFromSelection } from './snippetFromEditor';

/** Longest preview a chip's tooltip shows. */
const MAX_DETAIL_CHARS = 4000;
/** Most problems one Problems chip carries. */
const MAX_PROBLEMS = 200;
/** Most files the file picker lists. */
const MAX_FILES_LISTED = 5000;

const severityOf: Record<vscode.DiagnosticSeverity, ProblemEntry['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

export class ContextChips implements vscode.Disposable {
  private readonly items = new Map<string, ContextItem>();
  private counter = 0;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires whenever chips are added, removed or cleared. */
  readonly onDidChange = this.emitter.event;

  /** Adds a chip; the same file, selection or list again replaces the earlier one instead of doubling it. */
  add(item: ContextItem): void {
    const lang = promptLanguage();
    for (const [id, existing] of this.items) {
      if (existing.kind === item.kind && describeItem(existing, lang) === describeItem(item, lang))
        this.items.delete(id);
    }
    this.items.set(`c${++this.counter}`, item);
    this.emitter.fire();
  }

  remove(id: string): void {
    if (this.items.delete(id)) this.emitter.fire();
  }

  clear(): void {
    if (this.items.size === 0) return;
    this.items.clear();
    this.emitter.fire();
  }

  /** The chips as shown: label, exactly what each sends within the shared budget, whether it is cut. */
  views(): ContextChipView[] {
    const lang = promptLanguage();
    const entries = [...this.items.entries()];
    const all = buildContextBlock(
      entries.map(([, item]) => item),
      editorSettings.contextMaxChars,
      lang,
    );
    return entries.map(([id, item], index) => {
      const own = buildContextBlock([item], editorSettings.contextMaxChars, lang)
        .text.split('\n\n')
        .slice(1)
        .join('\n\n');
      const detail = own.length > MAX_DETAIL_CHARS ? `${own.slice(0, MAX_DETAIL_CHARS)}\n…` : own;
      return {
        id,
        kind: item.kind,
        label: describeItem(item, lang),
        detail,
        truncated: all.truncatedItems.includes(index),
      };
    });
  }

  /** The message with every chip's context before it, then the chips are cleared (they were sent). */
  takeForMessage(message: string): BuiltPrompt {
    if (this.items.size === 0) return { text: message, truncated: false };
    const built = buildMessageWithContext(
      message,
      [...this.items.values()],
      promptLanguage(),
      editorSettings.contextMaxChars,
    );
    this.clear();
    return { text: built.text, truncated: built.truncated };
  }

  /** Asks what to attach (current file, selection, open editors, problems, files…) and adds it. */
  async pickAndAdd(): Promise<void> {
    const t = vscode.l10n.t;
    const editor = visibleFileEditor();
    type Pick = vscode.QuickPickItem & { make: () => Promise<ContextItem[]> };
    const picks: Pick[] = [];
    if (editor) {
      const doc = editor.document;
      picks.push({
        label: `$(file) ${t('Current file')}`,
        description: displayPath(doc),
        make: async () => [{ kind: 'file', snippet: snippetFromDocument(doc) }],
      });
      const sel = snippetFromSelection(doc, editor.selection);
      if (sel)
        picks.push({
          label: `$(selection) ${t('Selection')}`,
          description: `${sel.path}:${sel.startLine}-${sel.endLine}`,
          make: async () => [{ kind: 'selection', snippet: sel }],
        });
    }
    const open = openEditorPaths();
    if (open.length)
      picks.push({
        label: `$(files) ${t('Open editors')}`,
        description: t('{0} files (names only)', open.length),
        make: async () => [{ kind: 'openEditors', paths: open }],
      });
    const problems = currentProblems();
    if (problems.length)
      picks.push({
        label: `$(warning) ${t('Problems')}`,
        description: t('{0} problems', problems.length),
        make: async () => [{ kind: 'problems', problems }],
      });
    picks.push({ label: `$(search) ${t('Files…')}`, description: t('Choose workspace files'), make: pickFiles });
    const chosen = await vscode.window.showQuickPick(picks, {
      title: t('Add Context'),
      placeHolder: t('What should the next message include?'),
    });
    if (!chosen) return;
    for (const item of await chosen.make()) this.add(item);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** The text editor beside the chat (the chat's own focus makes `activeTextEditor` unreliable). */
function visibleFileEditor(): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active && (active.document.uri.scheme === 'file' || active.document.uri.scheme === 'untitled')) return active;
  return vscode.window.visibleTextEditors.find(
    (e) => e.document.uri.scheme === 'file' || e.document.uri.scheme === 'untitled',
  );
}

function openEditorPaths(): string[] {
  const seen = new Set<string>();
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    if (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === 'file')
      seen.add(vscode.workspace.asRelativePath(tab.input.uri));
  }
  return [...seen];
}

/** Errors first, then warnings, information, hints; at most MAX_PROBLEMS. */
function currentProblems(): ProblemEntry[] {
  const out: ProblemEntry[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    if (uri.scheme !== 'file' && uri.scheme !== 'untitled') continue;
    for (const d of diagnostics) {
      out.push({
        path: vscode.workspace.asRelativePath(uri),
        line: d.range.start.line + 1,
        severity: severityOf[d.severity],
        message: d.message,
        source: d.source,
      });
    }
  }
  const rank = { error: 0, warning: 1, info: 2, hint: 3 };
  return out
    .sort((a, b) => rank[a.severity] - rank[b.severity] || a.path.localeCompare(b.path) || a.line - b.line)
    .slice(0, MAX_PROBLEMS);
}

async function pickFiles(): Promise<ContextItem[]> {
  const t = vscode.l10n.t;
  const uris = await vscode.workspace.findFiles('**/*', undefined, MAX_FILES_LISTED);
  const picked = await vscode.window.showQuickPick(
    uris
      .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
      .sort((a, b) => a.label.localeCompare(b.label)),
    {
      title: t('Add Files to Chat'),
      placeHolder: t('Type to filter; select one or more files'),
      canPickMany: true,
      matchOnDescription: true,
    },
  );
  const items: ContextItem[] = [];
  for (const p of picked ?? []) {
    try {
      const doc = await vscode.workspace.openTextDocument(p.uri);
      items.push({ kind: 'file', snippet: snippetFromDocument(doc) });
    } catch {
      void vscode.window.showWarningMessage(t('{0} cannot be added: it is not a text file.', p.label));
    }
  }
  return items;
}
