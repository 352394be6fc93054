// Consent for tool calls: the prompt (tool and exact arguments), approvals per workspace, and the command that revokes them.
import * as vscode from 'vscode';

/** Where earlier versions kept the approved tool names (workspaceState); moved into the shared file at start. */
export const APPROVALS_KEY = 'applerouter.tools.approvals';

/**
 * The tools always allowed in this workspace: in the workspace's shared file (the extension's own storage: no tool,
 * file or setting reaches it), read afresh at each call, so a revocation in one window holds in every other at once.
 */
export interface ToolApprovals {
  list(): Promise<string[]>;
  add(tool: string): Promise<void>;
  remove(tools: readonly string[]): Promise<void>;
}
/** Most characters of the arguments shown in the prompt (the whole string is what runs; the log has it too). */
const MAX_SHOWN_ARGUMENTS = 4000;

export class ToolConsent {
  /** Prompts are shown one at a time, even when the model asked for several calls at once. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly approved: ToolApprovals,
    private readonly log: { error(message: string): void },
  ) {}

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

  private async prompt(tool: string, rawArguments: string, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return false;
    if ((await this.approvals()).includes(tool)) return true;
    const t = vscode.l10n.t;
    const allowOnce = t('Allow once');
    const always = t('Always allow this tool');
    const deny = t('Deny');
    let shown = rawArguments;
    try {
      shown = JSON.stringify(JSON.parse(rawArguments), null, 2);
    } catch {
      // Shown exactly as the model sent it.
    }
    if (shown.length > MAX_SHOWN_ARGUMENTS) shown = `${shown.slice(0, MAX_SHOWN_ARGUMENTS)}…`;
    const choice = await vscode.window.showWarningMessage(
      t('Allow the model to run the tool "{0}"?', tool),
      {
        modal: true,
        detail: t(
          'Arguments:\n{0}\n\n"Always allow this tool" applies in this workspace until you revoke it (AppleRouter: Manage Tool Approvals).',
          shown,
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
