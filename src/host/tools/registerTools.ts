// Registers tool calling: the chat's tool host, the approvals command; the editor's proposals are wired in later.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { CommandId } from '../commands';
import type { ProposeChange } from '../editor';
import { BuiltinToolRunner } from './builtinToolRunner';
import { ChatToolHost } from './chatToolHost';
import { ProjectRules } from './projectRules';
import { ToolConsent } from './toolConsent';

export interface ToolsApi {
  readonly host: ChatToolHost;
  readonly rules: ProjectRules;
  /** The editor integration registers after the chat; edit_file and create_file use its diff from then on. */
  setProposer(propose: ProposeChange): void;
}

export function registerTools(context: vscode.ExtensionContext, services: Services): ToolsApi {
  let propose: ProposeChange | undefined;
  const consent = new ToolConsent(context.workspaceState);
  const host = new ChatToolHost(
    context.globalState,
    consent,
    new BuiltinToolRunner(() => propose),
    services.logger.tagged('tools'),
  );
  const rules = new ProjectRules();
  context.subscriptions.push(
    rules,
    vscode.commands.registerCommand(CommandId.manageToolApprovals, () => consent.manage()),
  );
  return {
    host,
    rules,
    setProposer: (p) => (propose = p),
  };
}
