// What a workspace may do with each setting: the one table the accessors follow and a unit test holds against the manifest.
import { SettingKey } from './settingKeys';

/**
 * - `user`: read from the user's settings only (manifest scope `application` or `machine`); a workspace value is ignored.
 * - `lowerOnly`: a workspace value applies only where it is lower than the user's (caps, amounts, budgets).
 * - `offOnly`: a workspace may turn the feature off, never on over the user's `false`.
 * - `free`: a workspace value applies as it is; it can neither spend more nor reach further (appearance, wording, a
 *   model the chat shows as chosen by the workspace, timings bounded by the manifest).
 */
export type SettingKind = 'user' | 'lowerOnly' | 'offOnly' | 'free';

export const SETTING_KINDS: Readonly<Record<SettingKey, SettingKind>> = {
  // The key's destination and how it travels.
  [SettingKey.baseUrl]: 'user',
  [SettingKey.customHeaders]: 'user',
  [SettingKey.proxy]: 'user',
  [SettingKey.requestTimeoutSeconds]: 'user',
  [SettingKey.profiles]: 'user',
  // The chat: its model and prompt are shown when a workspace chose them; a paid model asks first.
  [SettingKey.model]: 'free',
  [SettingKey.systemPrompt]: 'free',
  [SettingKey.temperature]: 'free',
  [SettingKey.topP]: 'free',
  [SettingKey.maxTokens]: 'lowerOnly',
  [SettingKey.modelParameters]: 'lowerOnly',
  [SettingKey.explainInNewChat]: 'free',
  [SettingKey.contextMaxChars]: 'user',
  // Video: every generation asks first (the question itself is the user's setting).
  [SettingKey.videoModel]: 'free',
  [SettingKey.videoEndpoint]: 'free',
  [SettingKey.videoConfirmPaidCredits]: 'user',
  [SettingKey.videoIdleTimeoutMinutes]: 'free',
  [SettingKey.videoSaveFolder]: 'user',
  [SettingKey.videoMaxDownloadMB]: 'user',
  [SettingKey.videoPollIntervalSeconds]: 'free',
  // Tools and project rules.
  [SettingKey.toolsEnabled]: 'offOnly',
  [SettingKey.toolsVscodeTools]: 'offOnly',
  [SettingKey.toolsMaxRounds]: 'lowerOnly',
  [SettingKey.toolsConfirmReadOnly]: 'user',
  [SettingKey.rulesEnabled]: 'offOnly',
  // Status bar.
  [SettingKey.balanceWarnBelow]: 'free',
  [SettingKey.balanceRefreshMinutes]: 'free',
  // Inline completions: background requests, so what they cost is the user's choice alone.
  [SettingKey.completionsEnabled]: 'user',
  [SettingKey.completionsModel]: 'user',
  [SettingKey.completionsEndpoint]: 'user',
  [SettingKey.completionsLanguages]: 'offOnly',
  [SettingKey.completionsExclude]: 'user',
};
