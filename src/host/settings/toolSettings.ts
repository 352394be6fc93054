// Typed accessors for the tool-calling and project-rules settings (keys in SettingKey).
import * as vscode from 'vscode';
import { DEFAULT_MAX_TOOL_ROUNDS } from '../../core/tools';
import { SECTION, SettingKey } from './settings';
import { applicationScoped, lowestValue, offWins, type InspectedValue } from './settingValues';

function inspect(key: SettingKey): InspectedValue<unknown> | undefined {
  return vscode.workspace.getConfiguration(SECTION).inspect<unknown>(key);
}

function readRounds(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(100, Math.max(1, Math.floor(v))) : undefined;
}

export const toolSettings = {
  /** The chat offers tools to the model (default on); a workspace may turn them off, never on over the user's `false`. */
  get enabled(): boolean {
    return offWins(inspect(SettingKey.toolsEnabled));
  },
  /** Tools other extensions and MCP servers register in VS Code are offered too (default on; a workspace may only turn off). */
  get vscodeTools(): boolean {
    return offWins(inspect(SettingKey.toolsVscodeTools));
  },
  /** Rounds of tool calls in a row before the user is asked whether to go on (1–100, default 10; a workspace may only lower). */
  get maxRounds(): number {
    return lowestValue(inspect(SettingKey.toolsMaxRounds), readRounds) ?? DEFAULT_MAX_TOOL_ROUNDS;
  },
  /** Read-only built-in tools ask before running too (default off; the user's own choice, a repository cannot undo it). */
  get confirmReadOnly(): boolean {
    return applicationScoped(inspect(SettingKey.toolsConfirmReadOnly)) === true;
  },
  /** AGENTS.md and .github/copilot-instructions.md are sent as project rules (default on; a workspace may only turn off). */
  get rulesEnabled(): boolean {
    return offWins(inspect(SettingKey.rulesEnabled));
  },
};
