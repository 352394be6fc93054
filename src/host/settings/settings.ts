// The extension's setting keys, the application-scoped settings, and the one change listener, re-emitted typed.
import * as vscode from 'vscode';
import { applicationScoped, clampTimeoutSeconds, normalizeBaseUrl, sanitizeCustomHeaders } from './settingValues';

export const SECTION = 'applerouter';
/** VS Code's own switch for its AI features: while it is on, VS Code's chat offers no models at all. */
const DISABLE_AI_FEATURES = 'chat.disableAIFeatures';

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
  // Images.
  imageConfirmPaidCredits: 'image.confirmPaidCredits',
  // Tools.
  toolsEnabled: 'tools.enabled',
  toolsVscodeTools: 'tools.vscodeTools',
  toolsMaxRounds: 'tools.maxRounds',
  toolsConfirmReadOnly: 'tools.confirmReadOnly',
  rulesEnabled: 'rules.enabled',
  // Secret files (application-scoped): never listed or searched by tools, never sent for completion.
  secretFiles: 'secretFiles',
  // Context windows and compaction (application-scoped: a repository must not choose what is spent or sent).
  contextWindow: 'contextWindow',
  compactionSummaryModel: 'compaction.summaryModel',
  // Inline completions (enabled, model, endpoint and exclude are application-scoped).
  completionsEnabled: 'completions.enabled',
  completionsModel: 'completions.model',
  completionsEndpoint: 'completions.endpoint',
  completionsLanguages: 'completions.languages',
  completionsExclude: 'completions.exclude',
  // Status bar.
  balanceWarnBelow: 'balance.warnBelow',
  balanceRefreshMinutes: 'balance.refreshMinutes',
} as const;
export type SettingKey = (typeof SettingKey)[keyof typeof SettingKey];

export interface SettingsChangeEvent {
  /** True when `applerouter.<key>` may have changed. */
  affects(key: SettingKey): boolean;
  /** True when VS Code's `chat.disableAIFeatures` may have changed. */
  readonly affectsAiFeatures: boolean;
}

export class Settings implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<SettingsChangeEvent>();
  private readonly subscription: vscode.Disposable;
  /**
   * Fires once per configuration change that touches `applerouter.*` or `chat.disableAIFeatures`; features subscribe
   * here, never to VS Code directly.
   */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      const ours = e.affectsConfiguration(SECTION);
      const affectsAiFeatures = e.affectsConfiguration(DISABLE_AI_FEATURES);
      if (!ours && !affectsAiFeatures) return;
      this.emitter.fire({ affects: (key) => ours && e.affectsConfiguration(`${SECTION}.${key}`), affectsAiFeatures });
    });
  }

  /** The gateway's base URL, without trailing slashes (application-scoped). */
  get baseUrl(): string {
    return normalizeBaseUrl(applicationValue(SettingKey.baseUrl));
  }

  /** Extra headers for every request; malformed and reserved ones are dropped (application-scoped). */
  get customHeaders(): Record<string, string> {
    return sanitizeCustomHeaders(applicationValue(SettingKey.customHeaders));
  }

  /** The explicit proxy URL; empty means the host's own proxy handling (application-scoped). */
  get proxy(): string {
    const value = applicationValue(SettingKey.proxy);
    return typeof value === 'string' ? value.trim() : '';
  }

  /** VS Code's own proxy (`http.proxy`), which requests follow when applerouter.proxy is empty. */
  get vscodeProxy(): string {
    const value = vscode.workspace.getConfiguration('http').get<unknown>('proxy');
    return typeof value === 'string' ? value.trim() : '';
  }

  /** False while VS Code's own AI features are turned off (`chat.disableAIFeatures`). */
  get vscodeAiFeatures(): boolean {
    return vscode.workspace.getConfiguration().get<boolean>(DISABLE_AI_FEATURES) !== true;
  }

  /** The raw `applerouter.profiles` list (application-scoped); ProfileRegistry checks it. */
  get profiles(): unknown {
    return applicationValue(SettingKey.profiles);
  }

  /** Connect / first-byte / idle limit in seconds (application-scoped). */
  get requestTimeoutSeconds(): number {
    return clampTimeoutSeconds(applicationValue(SettingKey.requestTimeoutSeconds));
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

/** An application-scoped setting: the user's value or the default, never a workspace's (see settingValues). */
function applicationValue(key: SettingKey): unknown {
  return applicationScoped(vscode.workspace.getConfiguration(SECTION).inspect<unknown>(key));
}
