// Workspace trust for the tools and project rules: off in Restricted Mode, with a notice saying why and how to turn
// them on; back on when the user trusts the folder.
import * as vscode from 'vscode';
import type { NoticeAction } from '../../shared/chat/protocol';

/** A notice for the chat view, optionally with a button. */
export interface ToolNotice {
  message: string;
  action?: NoticeAction;
}

/** The result a tool call gets in Restricted Mode (the model may call a tool it was not offered). */
export const RESTRICTED_RESULT =
  'Workspace tools are off in Restricted Mode (the workspace is not trusted); the tool was not run.';

export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** The notice shown while the workspace is not trusted. */
export function restrictedNotice(): ToolNotice {
  return {
    message: vscode.l10n.t(
      'Restricted Mode: workspace tools and project rules (AGENTS.md) are off because this folder is not trusted. Trust the folder to turn them on.',
    ),
    action: 'manageTrust',
  };
}
