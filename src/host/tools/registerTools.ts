// Registers tool calling: the chat's tool host, the approvals command, the notices about trust and skipped rules; the
// editor's proposals are wired in later.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { CommandId } from '../commands';
import type { ProposeChange } from '../editor';
import { BuiltinToolRunner } from './builtinToolRunner';
import { ChatToolHost } from './chatToolHost';
import { ProjectRules } from './projectRules';
import { ToolConsent } from './toolConsent';
import { isTrusted, restrictedNotice, type ToolNotice } from './workspaceTrust';

export interface ToolsApi {
  readonly host: ChatToolHost;
  readonly rules: ProjectRules;
  /** The notices that stand now (Restricted Mode, skipped rule files), shown when a chat view attaches. */
  notices(): ToolNotice[];
  /** A notice to show at once. */
  readonly onDidNotice: vscode.Event<ToolNotice>;
  /** The editor integration registers after the chat; edit_file and create_file use its diff from then on. */
  setProposer(propose: ProposeChange): void;
}

export function registerTools(context: vscode.ExtensionContext, services: Services): ToolsApi {
  let propose: ProposeChange | undefined;
  const consent = new ToolConsent(context.workspaceState);
  const host = new ChatToolHost(
    context.globalState,
    consent,
    new BuiltinToolRunner(
      () => propose,
      (name, signal) => consent.askSecretRead(name, signal),
    ),
    services.logger.tagged('tools'),
  );
  const rules = new ProjectRules();
  const notices = new vscode.EventEmitter<ToolNotice>();
  context.subscriptions.push(
    notices,
    rules.onDidSkip((message) => notices.fire({ message })),
    vscode.workspace.onDidGrantWorkspaceTrust(() =>
      notices.fire({ message: vscode.l10n.t('The folder is trusted: workspace tools and project rules are on.') }),
    ),
    consent,
    rules,
    vscode.commands.registerCommand(CommandId.manageToolApprovals, () => consent.manage()),
  );
  return {
    host,
    rules,
    notices: () => [...(isTrusted() ? [] : [restrictedNotice()]), ...rules.skipped().map((message) => ({ message }))],
    onDidNotice: notices.event,
    setProposer: (p) => (propose = p),
  };
}
