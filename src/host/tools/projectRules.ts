// Project rules: AGENTS.md (and .github/copilot-instructions.md) at a workspace folder root, sent as system context
// and shown as a context chip that the user can remove.
import * as vscode from 'vscode';
import type { ContextChipView } from '../../shared/chat/protocol';
import { toolSettings } from '../settings';

const RULE_FILES = ['AGENTS.md', '.github/copilot-instructions.md'];
/** Most characters of rules sent with each request; a huge file would crowd out the conversation. */
const MAX_RULES_CHARS = 32_000;
const RULES_CHIP_ID = 'project-rules';

export class ProjectRules implements vscode.Disposable {
  private files: { name: string; text: string }[] = [];
  /** The user removed the chip: no rules until a new conversation. */
  private dismissed = false;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  constructor() {
    for (const file of RULE_FILES) {
      const watcher = vscode.workspace.createFileSystemWatcher(`**/${file}`);
      this.disposables.push(
        watcher,
        watcher.onDidChange(() => void this.reload()),
        watcher.onDidCreate(() => void this.reload()),
        watcher.onDidDelete(() => void this.reload()),
      );
    }
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()));
    void this.reload();
  }

  /** Reads the rule files of every folder root again. */
  async reload(): Promise<void> {
    const found: { name: string; text: string }[] = [];
    const multi = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const rel of RULE_FILES) {
        try {
          const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, rel));
          const text = new TextDecoder('utf-8').decode(bytes).trim();
          if (text) found.push({ name: multi ? `${folder.name}/${rel}` : rel, text });
        } catch {
          // No such file in this folder.
        }
      }
    }
    this.files = found;
    this.emitter.fire();
  }

  /** The system context for the next request, or undefined (none, turned off, or removed by the user). */
  text(): string | undefined {
    if (!toolSettings.rulesEnabled || this.dismissed || this.files.length === 0) return undefined;
    const all = this.files.map((f) => `Project rules from ${f.name}:\n\n${f.text}`).join('\n\n');
    return all.length > MAX_RULES_CHARS ? `${all.slice(0, MAX_RULES_CHARS)}\n[… cut]` : all;
  }

  chip(): ContextChipView | undefined {
    const text = this.text();
    if (text === undefined) return undefined;
    const label = vscode.l10n.t('Project rules: {0}', this.files.map((f) => f.name).join(', '));
    return {
      id: RULES_CHIP_ID,
      kind: 'rules',
      label,
      detail: text.length > 4000 ? `${text.slice(0, 4000)}…` : text,
      truncated: false,
    };
  }

  /** True when `id` is the rules chip (then it is removed for this conversation). */
  remove(id: string): boolean {
    if (id !== RULES_CHIP_ID) return false;
    this.dismissed = true;
    this.emitter.fire();
    return true;
  }

  /** A new conversation gets the rules again. */
  restore(): void {
    if (!this.dismissed) return;
    this.dismissed = false;
    this.emitter.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
