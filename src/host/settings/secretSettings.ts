// applerouter.secretFiles: the user's one list of secret files, shared by the tools and completions.
import * as vscode from 'vscode';
import { DEFAULT_SECRET_FILES, SecretMatcher } from '../../core/tools';
import { SECTION, SettingKey } from './settings';
import { applicationScoped } from './settingValues';

let cached: { key: string; matcher: SecretMatcher } | undefined;

export const secretSettings = {
  /** From the user's settings only (application-scoped): a repository cannot unlist its own secrets. */
  get patterns(): readonly string[] {
    const v = applicationScoped(vscode.workspace.getConfiguration(SECTION).inspect<unknown>(SettingKey.secretFiles));
    return Array.isArray(v)
      ? v.filter((g): g is string => typeof g === 'string' && g.trim() !== '')
      : DEFAULT_SECRET_FILES;
  },
  /** The matcher for the current list (rebuilt only when the list changes). */
  get matcher(): SecretMatcher {
    const patterns = this.patterns;
    const key = JSON.stringify(patterns);
    if (cached?.key !== key) cached = { key, matcher: new SecretMatcher(patterns) };
    return cached.matcher;
  },
};
