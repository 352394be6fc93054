// What a workspace may do with each setting: the one table the accessors follow and a unit test holds against the manifest.
// No 'vscode' here (the unit test reads it in Node): keys are written out, without the `applerouter.` prefix.

/**
 * - `user`: read from the user's settings only (manifest scope `application` or `machine`); a workspace value is ignored.
 * - `lowerOnly`: a workspace value applies only where it is lower than the user's (caps, amounts, budgets).
 * - `offOnly`: a workspace may turn the feature off, never on over the user's `false`.
 * - `free`: a workspace value applies as it is; it can neither spend more nor reach further (appearance, wording, a
 *   model the chat shows as chosen by the workspace, timings bounded by the manifest).
 */
export type SettingKind = 'user' | 'lowerOnly' | 'offOnly' | 'free';

export const SETTING_KINDS: Readonly<Record<string, SettingKind>> = {
  // The key's destination and how it travels.
  baseUrl: 'user',
  customHeaders: 'user',
  proxy: 'user',
  requestTimeoutSeconds: 'user',
  profiles: 'user',
  // The chat: its model and prompt are shown when a workspace chose them; a paid model asks first.
  model: 'free',
  systemPrompt: 'free',
  temperature: 'free',
  topP: 'free',
  maxTokens: 'lowerOnly',
  modelParameters: 'lowerOnly',
  explainInNewChat: 'free',
  'context.maxChars': 'user',
  // Video: every generation asks first (the question itself is the user's setting).
  videoModel: 'free',
  'video.endpoint': 'free',
  'video.confirmPaidCredits': 'user',
  'video.idleTimeoutMinutes': 'free',
  'video.saveFolder': 'user',
  'video.maxDownloadMB': 'user',
  'video.pollIntervalSeconds': 'free',
  // Tools and project rules.
  'tools.enabled': 'offOnly',
  'tools.vscodeTools': 'offOnly',
  'tools.maxRounds': 'lowerOnly',
  'tools.confirmReadOnly': 'user',
  'rules.enabled': 'offOnly',
  // Status bar.
  'balance.warnBelow': 'free',
  'balance.refreshMinutes': 'free',
  // Inline completions: background requests, so what they cost is the user's choice alone.
  'completions.enabled': 'user',
  'completions.model': 'user',
  'completions.endpoint': 'user',
  'completions.languages': 'offOnly',
  'completions.exclude': 'user',
  secretFiles: 'user',
  'image.confirmPaidCredits': 'user',
  // Context windows and compaction: what is sent and what a summary costs.
  contextWindow: 'user',
  'compaction.summaryModel': 'user',
};
