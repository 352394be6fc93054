// Consent for tool calls: the prompt (tool and every character of its arguments), approvals per workspace, the command
// that revokes them, and the question before a secret file is read.
import * as vscode from 'vscode';
import { argumentsForDisplay, escapeInvisible, needsFullView } from '../../core/tools';

/** Where earlier versions kept the approved tool names (workspaceState); moved into the shared file at start. */
export const APPROVALS_KEY = 'applerouter.tools.approvals';
/** The read-only documents that show arguments too long for the dialog. */
const ARGUMENTS_SCHEME = 'applerouter-tool-arguments';

/**
 * The tools always allowed in this workspace: in the workspace's shared file (the extension's own storage: no tool,
 * file or setting reaches it), read afresh at each call, so a revocation in one window holds in every other at once.
 */
export interface ToolApprovals {
  list(): Promise<string[]>;
  add(tool: string): Promise<void>;
  remove(tools: readonly string[]): Promise<void>;
}

export class ToolConsent implements vscode.Disposable {
  /** Prompts are shown one at a time, even when the model asked for several calls at once. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The text of each arguments document, by its path; read-only (a content provider's documents cannot be edited). */
  private readonly shown = new Map<string, string>();
  private nextDocument = 0;
  private readonly provider: vscode.Disposable;

  constructor(
    private readonly approved: ToolApprovals,
    private readonly log: { error(message: string): void },
  ) {
    this.provider = vscode.workspace.registerTextDocumentContentProvider(ARGUMENTS_SCHEME, {
      provideTextDocumentContent: (uri) => this.shown.get(uri.path) ?? '',
    });
  }

  dispose(): void {
    this.provider.dispose();
  }

  /** The approved tools; when they cannot be read, none (the user is asked). */
  async approvals(): Promise<string[]> {
    try {
      return await this.approved.list();
    } catch (e) {
      this.log.error(`tool approvals could not be read: ${String(e)}`);
      return [];
    }
  }

  /** True when the user allows this call (now, or earlier with "Always allow"). */
  ask(tool: string, rawArguments: string, signal: AbortSignal): Promise<boolean> {
    const next = this.queue.then(() => this.prompt(tool, rawArguments, signal));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** True when the user allows the model to read this secret file once (never remembered). */
  askSecretRead(name: string, signal: AbortSignal): Promise<boolean> {
    const next = this.queue.then(async () => {
      if (signal.aborted) return false;
      const allow = vscode.l10n.t('Allow once');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Allow the model to read "{0}"?', escapeInvisible(name)),
        {
          modal: true,
          detail: vscode.l10n.t(
            'This file matches applerouter.secretFiles (keys, credentials, environment files). Its content would be sent to the gateway.',
          ),
        },
        allow,
        vscode.l10n.t('Deny'),
      );
      return !signal.aborted && choice === allow;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async prompt(tool: string, rawArguments: string, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return false;
    if ((await this.approvals()).includes(tool)) return true;
    const t = vscode.l10n.t;
    const allowOnce = t('Allow once');
    const always = t('Always allow this tool');
    const deny = t('Deny');
    const shown = argumentsForDisplay(rawArguments);
    // Arguments too long for the dialog are shown in full beside it first: the dialog never shows a cut version.
    let body = shown;
    if (needsFullView(shown)) {
      if (!(await this.showInFull(tool, shown))) return false;
      body = t(
        '({0} characters, too long for this dialog: they are shown in full in the editor "{1}". Read them there before allowing.)',
        shown.length,
        this.documentTitle(tool),
      );
    }
    if (signal.aborted) return false;
    const choice = await vscode.window.showWarningMessage(
      t('Allow the model to run the tool "{0}"?', escapeInvisible(tool)),
      {
        modal: true,
        detail: t(
          'Arguments:\n{0}\n\n"Always allow this tool" applies in this workspace until you revoke it (AppleRouter: Manage Tool Approvals).',
          body,
        ),
      },
      allowOnce,
      always,
      deny,
    );
    if (signal.aborted) return false;
    if (choice === always) {
      // Allowed now either way; a failed write only means being asked again next time.
      await this.approved.add(tool).catch((e: unknown) => this.log.error(`tool approval not saved: ${String(e)}`));
    }
    return choice === allowOnce || choice === always;
  }

  private documentTitle(tool: string): string {
    return vscode.l10n.t('Arguments of {0}', tool.replace(/[^A-Za-z0-9_-]/g, '_'));
  }

  /** Opens the escaped arguments in a read-only editor beside; false when it could not be shown. */
  private async showInFull(tool: string, shown: string): Promise<boolean> {
    const path = `/${this.nextDocument++}/${this.documentTitle(tool)}.json`;
    this.shown.set(path, shown);
    // Only the last few stay readable; an older tab shows empty once its prompt is long answered.
    for (const old of [...this.shown.keys()].slice(0, -20)) this.shown.delete(old);
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: ARGUMENTS_SCHEME, path }));
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return true;
    } catch {
      return false;
    }
  }

  /** The approvals command: lists the approved tools; the ones picked are revoked. */
  async manage(): Promise<void> {
    const t = vscode.l10n.t;
    const list = await this.approvals();
    if (list.length === 0) {
      void vscode.window.showInformationMessage(t('No tools are always allowed in this workspace.'));
      return;
    }
    const picked = await vscode.window.showQuickPick(
      list.map((label) => ({ label })),
      {
        canPickMany: true,
        title: t('Tools always allowed in this workspace'),
        placeHolder: t('Pick the tools to revoke, then press Enter'),
      },
    );
    if (!picked?.length) return;
    const revoke = new Set(picked.map((p) => p.label));
    await this.approved.remove([...revoke]);
    void vscode.window.showInformationMessage(t('Revoked: {0}.', [...revoke].join(', ')));
  }
}
