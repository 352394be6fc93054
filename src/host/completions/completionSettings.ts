// Typed access to the inline completion settings (`applerouter.completions.*`) and the commands' ids.
import * as vscode from 'vscode';
import { DEFAULT_LANGUAGES, type CompletionEndpointSetting } from '../../core/completions';

export const CompletionSettingKey = {
  enabled: 'completions.enabled',
  model: 'completions.model',
  endpoint: 'completions.endpoint',
  languages: 'completions.languages',
  exclude: 'completions.exclude',
} as const;

export const CompletionCommandId = {
  toggle: 'applerouter.completions.toggle',
  snooze: 'applerouter.completions.snooze',
} as const;

export const DEFAULT_COMPLETION_MODEL = 'gpt-4o-mini';
/** Files never sent: environment files, keys and credentials. */
export const DEFAULT_EXCLUDE = ['**/.env', '**/.env.*', '**/*.env', '**/.envrc', '**/*.pem', '**/*.key', '**/id_rsa*', '**/.npmrc', '**/.netrc', '**/*secret*', '**/*credential*'];

function config(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('applerouter', scope);
}

export const completionSettings = {
  /** On for this language (the setting is language-overridable, `[python]: { … }`). */
  enabledFor(languageId?: string): boolean {
    return config(languageId ? { languageId } : undefined).get<unknown>(CompletionSettingKey.enabled) === true;
  },
  get model(): string {
    const v = config().get<unknown>(CompletionSettingKey.model);
    return typeof v === 'string' && v.trim() ? v.trim() : DEFAULT_COMPLETION_MODEL;
  },
  get endpoint(): CompletionEndpointSetting {
    const v = config().get<unknown>(CompletionSettingKey.endpoint);
    return v === 'completions' || v === 'chat' ? v : 'auto';
  },
  get languages(): unknown {
    return config().get<unknown>(CompletionSettingKey.languages) ?? DEFAULT_LANGUAGES;
  },
  get exclude(): string[] {
    const v = config().get<unknown>(CompletionSettingKey.exclude);
    return Array.isArray(v) ? v.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : DEFAULT_EXCLUDE;
  },
  async setEnabled(on: boolean): Promise<void> {
    await config().update(CompletionSettingKey.enabled, on, vscode.ConfigurationTarget.Global);
  },
};
