// Project rules: AGENTS.md (and .github/copilot-instructions.md) at a workspace folder root, sent as system context
// and shown as a context chip that the user can remove. Only regular files inside the workspace, bounded, and only in a
// trusted workspace; a rule file that is skipped is named in a notice.
import * as vscode from 'vscode';
import { readRuleFiles, type RuleFilesRead } from '../../core/tools';
import type { ContextChipView } from '../../shared/chat/protocol';
import { toolSettings } from '../settings';
import { folderRoots } from './workspaceAccess';

const RULE_FILES = ['AGENTS.md', '.github/copilot-instructions.md'];
/** Most characters of rules sent with each request; a huge file would crowd out the conversation. */
const MAX_RULES_CHARS = 32_000;
const RULES_CHIP_ID = 'project-rules';

export class ProjectRules implements vscode.Disposable {
  private files: { name: string; text: string }[] = [];
  /** Sentences naming the rule files that exist but were not read. */
  private skippedNotices: string[] = [];
  /** The user removed the chip: no rules until a new conversation. */
  private dismissed = false;
  /** Reloads run one after another, so an older read never replaces a newer one. */
  private reloading: Promise<void> = Promise.resolve();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly noticeEmitter = new vscode.EventEmitter<string>();
  /** A rule file was newly skipped (the sentence names it and says why). */
  readonly onDidSkip = this.noticeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter, this.noticeEmitter];

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
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()),
    );
    void this.reload();
  }

  /** Reads the rule files of every folder root again (none in Restricted Mode: nothing of the repository is read). */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      const read: RuleFilesRead = vscode.workspace.isTrusted
        ? await readRuleFiles(folderRoots(), RULE_FILES)
        : { files: [], skipped: [] };
      this.files = read.files;
      const notices = read.skipped.map((s) => skippedNotice(s.name, s.reason));
      const fresh = notices.filter((n) => !this.skippedNotices.includes(n));
      this.skippedNotices = notices;
      this.emitter.fire();
      for (const n of fresh) this.noticeEmitter.fire(n);
    });
    return this.reloading;
  }

  /** The sentences naming the rule files skipped by the last read. */
  skipped(): readonly string[] {
    return this.skippedNotices;
  }

  /** The system context for the next request, or undefined (none, turned off, or removed by the user). */
  text(): string | undefined {
    if (!vscode.workspace.isTrusted || !toolSettings.rulesEnabled || this.dismissed || this.files.length === 0)
      return undefined;
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

function skippedNotice(name: string, reason: RuleFilesRead['skipped'][number]['reason']): string {
  const t = vscode.l10n.t;
  switch (reason) {
    case 'outside':
      return t('Project rules: {0} was skipped: it leads outside the workspace (a symbolic link).', name);
    case 'notFile':
      return t('Project rules: {0} was skipped: it is not a regular file (a device, pipe or socket).', name);
    case 'tooLarge':
      return t('Project rules: {0} was skipped: it is larger than 128 KB.', name);
    default:
      return t('Project rules: {0} was skipped: it changed while it was being read.', name);
  }
}
