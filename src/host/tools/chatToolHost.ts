// The chat's ToolHost: which tools a request offers, consent, and running built-in and VS Code tools.
import * as vscode from 'vscode';
import {
  BUILTIN_TOOL_DEFINITIONS,
  BuiltinTool,
  READ_ONLY_TOOLS,
  type ToolHost,
  type ToolOutcome,
} from '../../core/tools';
import type { Logger, ToolCall, ToolDefinition } from '../../core';
import { toolSettings } from '../settings';
import { BuiltinToolRunner } from './builtinToolRunner';
import type { ToolConsent } from './toolConsent';
import type { SharedNameSets } from '../../core/storage';
import { SharedSet } from '../storage';
import { invokeVscodeTool, vscodeToolDefinitions } from './vscodeTools';
import { isTrusted, RESTRICTED_RESULT } from './workspaceTrust';

/** Where earlier versions kept the models that refused tools (globalState); moved into the shared file at start. */
export const UNSUPPORTED_KEY = 'applerouter.tools.unsupportedModels';
const BUILTIN_NAMES: ReadonlySet<string> = new Set(BUILTIN_TOOL_DEFINITIONS.map((d) => d.function.name));
/** Edits ask through their diff: Accept applies, Reject or closing it denies. */
const REVIEWED_BY_DIFF: ReadonlySet<string> = new Set([BuiltinTool.editFile, BuiltinTool.createFile]);

export class ChatToolHost implements ToolHost {
  /** The tools of the request being made, by name (a call may only run a tool that was offered). */
  private offered = new Map<string, ToolDefinition>();

  constructor(
    /** Models that refused tools (a 400 saying so), shared by every window so they are never offered tools again. */
    private readonly memory: SharedNameSets,
    private readonly consent: ToolConsent,
    private readonly builtins: BuiltinToolRunner,
    private readonly log: Logger,
  ) {}

  definitions(model: string): ToolDefinition[] | undefined {
    // Restricted Mode: no tools at all, so nothing of an untrusted repository is read or run.
    if (!isTrusted() || !toolSettings.enabled || this.unsupported().includes(model)) return undefined;
    const defs = [
      ...BUILTIN_TOOL_DEFINITIONS,
      ...(toolSettings.vscodeTools ? vscodeToolDefinitions(BUILTIN_NAMES) : []),
    ];
    for (const d of defs) this.offered.set(d.function.name, d);
    return defs;
  }

  async run(call: ToolCall, args: unknown, signal: AbortSignal): Promise<ToolOutcome> {
    const input = args as Record<string, unknown>;
    this.log.info(`tool call ${call.id}: ${call.name} ${call.arguments.slice(0, 500)}`);
    if (!isTrusted()) return { status: 'error', content: RESTRICTED_RESULT };
    if (BUILTIN_NAMES.has(call.name)) {
      const asks = REVIEWED_BY_DIFF.has(call.name)
        ? false
        : !READ_ONLY_TOOLS.has(call.name) || toolSettings.confirmReadOnly;
      if (asks && !(await this.consent.ask(call.name, call.arguments, signal))) return denied();
      return this.builtins.run(call.name, input, signal);
    }
    if (!this.offered.has(call.name))
      return { status: 'error', content: `Unknown tool "${call.name}"; it was not run.` };
    if (!(await this.consent.ask(call.name, call.arguments, signal))) return denied();
    return invokeVscodeTool(call.name, input, signal);
  }

  maxRounds(): number {
    return toolSettings.maxRounds;
  }

  async confirmMoreRounds(rounds: number): Promise<boolean> {
    const go = vscode.l10n.t('Continue');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('The model has made {0} rounds of tool calls in a row. Let it continue?', rounds),
      {
        modal: true,
        detail: vscode.l10n.t('applerouter.tools.maxRounds sets how many rounds run before this question.'),
      },
      go,
    );
    return choice === go;
  }

  markUnsupported(model: string): void {
    // Added to the shared file's current set (another window's additions stay); remembered here even if that fails.
    this.refusedHere.add(model);
    void this.memory
      .add(SharedSet.toolsRefused, [model])
      .catch((e: unknown) => this.log.error(`could not remember that ${model} refuses tools: ${String(e)}`));
  }

  /** This window's own findings, in case the shared file could not be written. */
  private readonly refusedHere = new Set<string>();

  private unsupported(): string[] {
    return [...this.memory.cached(SharedSet.toolsRefused), ...this.refusedHere];
  }
}

function denied(): ToolOutcome {
  return { status: 'denied', content: 'The user denied this tool call; it was not run.' };
}
