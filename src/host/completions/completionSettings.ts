// Typed access to the inline completion settings (`applerouter.completions.*`) and the commands' ids.
import * as vscode from 'vscode';
import { DEFAULT_LANGUAGES, type CompletionEndpointSetting } from '../../core/completions';
import { applicationScoped } from '../settingValues';

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

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('applerouter');
}

export const completionSettings = {
  /** On or off, from the user's settings only (application-scoped): a repository must not spend the user's credits. */
  get enabled(): boolean {
    return applicationScoped(config().inspect<unknown>(CompletionSettingKey.enabled)) === true;
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
  /** From the user's settings only: a repository must not be able to have its `.env` sent. */
  get exclude(): string[] {
    const v = applicationScoped(config().inspect<unknown>(CompletionSettingKey.exclude));
    return Array.isArray(v) ? v.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : DEFAULT_EXCLUDE;
  },
  async setEnabled(on: boolean): Promise<void> {
    await config().update(CompletionSettingKey.enabled, on, vscode.ConfigurationTarget.Global);
  },
};
