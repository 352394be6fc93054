// Registers tool calling: the chat's tool host, the approvals command, the notices about trust and skipped rules; the
// editor's proposals are wired in later.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { CommandId } from '../commands';
import type { ProposeChange } from '../editor';
import { BuiltinToolRunner } from './builtinToolRunner';
import { ChatToolHost, UNSUPPORTED_KEY } from './chatToolHost';
import { ProjectRules } from './projectRules';
import { APPROVALS_KEY, ToolConsent, type ToolApprovals } from './toolConsent';
import { isTrusted, restrictedNotice, type ToolNotice } from './workspaceTrust';
import { adoptMementoList, globalSets, SharedSet, workspaceSets } from '../storage';

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
  const log = services.logger.tagged('tools');
  const consent = new ToolConsent(toolApprovals(context), log);
  const memory = globalSets(context);
  // Models found earlier to refuse tools: read now (the first request rarely comes before), kept fresh on each add.
  void adoptMementoList(context.globalState, UNSUPPORTED_KEY, memory, SharedSet.toolsRefused).catch((e: unknown) =>
    log.error(`could not read the models that refuse tools: ${String(e)}`),
  );
  const host = new ChatToolHost(
    memory,
    consent,
    new BuiltinToolRunner(
      () => propose,
      (name, signal) => consent.askSecretRead(name, signal),
    ),
    log,
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

/** The workspace's approvals in its shared file; without a folder (a window of its own), in workspaceState. */
function toolApprovals(context: vscode.ExtensionContext): ToolApprovals {
  const sets = workspaceSets(context);
  const state = context.workspaceState;
  if (!sets) {
    const list = (): string[] => {
      const v = state.get<unknown>(APPROVALS_KEY);
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    };
    return {
      list: () => Promise.resolve(list()),
      add: (tool) => Promise.resolve(state.update(APPROVALS_KEY, [...new Set([...list(), tool])])),
      remove: (tools) =>
        Promise.resolve(
          state.update(
            APPROVALS_KEY,
            list().filter((x) => !tools.includes(x)),
          ),
        ),
    };
  }
  const adopted = adoptMementoList(state, APPROVALS_KEY, sets, SharedSet.approvedTools);
  return {
    list: () => adopted.then(() => sets.names(SharedSet.approvedTools)),
    add: (tool) => adopted.then(() => sets.add(SharedSet.approvedTools, [tool])),
    remove: (tools) => adopted.then(() => sets.remove(SharedSet.approvedTools, tools)),
  };
}
