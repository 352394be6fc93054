// Accessors for the context-window settings: per-model windows and the model that writes summaries.
import * as vscode from 'vscode';
import { SECTION, SettingKey } from './settings';
import { applicationScoped } from './settingValues';

function applicationGet(key: SettingKey): unknown {
  return applicationScoped(vscode.workspace.getConfiguration(SECTION).inspect<unknown>(key));
}

export const contextSettings = {
  /** `applerouter.contextWindow`: model id or glob → tokens, from the user's settings only. */
  get windows(): unknown {
    return applicationGet(SettingKey.contextWindow);
  },
  /** `applerouter.compaction.summaryModel`: empty means the conversation's own model (user's settings only). */
  get summaryModel(): string | undefined {
    const v = applicationGet(SettingKey.compactionSummaryModel);
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  },
};
