// Typed accessors for the tool-calling and project-rules settings (keys in SettingKey).
import * as vscode from 'vscode';
import { DEFAULT_MAX_TOOL_ROUNDS } from '../../core/tools';
import { SECTION, SettingKey } from './settings';
import { applicationScoped } from './settingValues';

function get<T>(key: SettingKey): T | undefined {
  return vscode.workspace.getConfiguration(SECTION).get<T>(key);
}

export const toolSettings = {
  /** The chat offers tools to the model (default on). */
  get enabled(): boolean {
    return get<unknown>(SettingKey.toolsEnabled) !== false;
  },
  /** Tools other extensions and MCP servers register in VS Code are offered too (default on). */
  get vscodeTools(): boolean {
    return get<unknown>(SettingKey.toolsVscodeTools) !== false;
  },
  /** Rounds of tool calls in a row before the user is asked whether to go on (1–100, default 10). */
  get maxRounds(): number {
    const v = get<unknown>(SettingKey.toolsMaxRounds);
    return typeof v === 'number' && Number.isFinite(v)
      ? Math.min(100, Math.max(1, Math.floor(v)))
      : DEFAULT_MAX_TOOL_ROUNDS;
  },
  /** Read-only built-in tools ask before running too (default off; the user's own choice, a repository cannot undo it). */
  get confirmReadOnly(): boolean {
    return (
      applicationScoped(
        vscode.workspace.getConfiguration(SECTION).inspect<unknown>(SettingKey.toolsConfirmReadOnly),
      ) === true
    );
  },
  /** AGENTS.md and .github/copilot-instructions.md are sent as project rules (default on). */
  get rulesEnabled(): boolean {
    return get<unknown>(SettingKey.rulesEnabled) !== false;
  },
};
