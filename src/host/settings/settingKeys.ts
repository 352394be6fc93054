// Every setting key of the extension (no 'vscode', so the setting-kind table is unit-tested against the manifest).

export const SECTION = 'applerouter';

/** Every setting key, as a named constant (without the `applerouter.` prefix). */
export const SettingKey = {
  // Application-scoped: read from the user's settings only (see settingValues).
  baseUrl: 'baseUrl',
  customHeaders: 'customHeaders',
  proxy: 'proxy',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  profiles: 'profiles',
  // Chat.
  model: 'model',
  systemPrompt: 'systemPrompt',
  temperature: 'temperature',
  maxTokens: 'maxTokens',
  topP: 'topP',
  modelParameters: 'modelParameters',
  // Editor integration.
  explainInNewChat: 'explainInNewChat',
  contextMaxChars: 'context.maxChars',
  // Video.
  videoModel: 'videoModel',
  videoEndpoint: 'video.endpoint',
  videoConfirmPaidCredits: 'video.confirmPaidCredits',
  videoIdleTimeoutMinutes: 'video.idleTimeoutMinutes',
  videoSaveFolder: 'video.saveFolder',
  videoMaxDownloadMB: 'video.maxDownloadMB',
  videoPollIntervalSeconds: 'video.pollIntervalSeconds',
  // Tools.
  toolsEnabled: 'tools.enabled',
  toolsVscodeTools: 'tools.vscodeTools',
  toolsMaxRounds: 'tools.maxRounds',
  toolsConfirmReadOnly: 'tools.confirmReadOnly',
  rulesEnabled: 'rules.enabled',
  // Status bar.
  balanceWarnBelow: 'balance.warnBelow',
  balanceRefreshMinutes: 'balance.refreshMinutes',
  // Inline completions (enabled, model, endpoint and exclude are application-scoped).
  completionsEnabled: 'completions.enabled',
  completionsModel: 'completions.model',
  completionsEndpoint: 'completions.endpoint',
  completionsLanguages: 'completions.languages',
  completionsExclude: 'completions.exclude',
} as const;
export type SettingKey = (typeof SettingKey)[keyof typeof SettingKey];
