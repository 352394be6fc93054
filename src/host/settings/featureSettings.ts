// Typed accessors for the chat, editor, video, image and completion settings, each reading the current value (keys in SettingKey).
import * as vscode from 'vscode';
import type { CompletionEndpointSetting } from '../../core/completions';
import { DEFAULT_CONTEXT_CHARS, MIN_CONTEXT_CHARS } from '../../core/editor';
import type { ParameterLayers } from '../../core/params';
import { DEFAULT_VIDEO_MODEL, type VideoEndpoint } from '../../core/video';
import { SECTION, SettingKey } from './settings';
import {
  applicationScoped,
  languagesAllow,
  lowestValue,
  readMaxTokens,
  setByWorkspace,
  userValue,
  workspaceParameterLayers,
  type InspectedValue,
} from './settingValues';

const DEFAULT_CHAT_MODEL = 'gpt-4o';
/** Largest context budget accepted; beyond it a request would be refused by most models anyway. */
const MAX_CONTEXT_CHARS = 2_000_000;

function get<T>(key: SettingKey): T | undefined {
  return vscode.workspace.getConfiguration(SECTION).get<T>(key);
}

function inspect<T>(key: SettingKey): InspectedValue<T> | undefined {
  return vscode.workspace.getConfiguration(SECTION).inspect<T>(key);
}

/** A setting the manifest makes application-scoped: the user's value or the default, never a workspace's. */
function applicationGet<T>(key: SettingKey): T | undefined {
  return applicationScoped(vscode.workspace.getConfiguration(SECTION).inspect<T>(key));
}

function finiteOrUndefined(v: unknown, min: number, max: number): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : undefined;
}

function clamp(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

export const chatSettings = {
  get model(): string {
    const v = get<unknown>(SettingKey.model);
    return typeof v === 'string' && v.trim() ? v.trim() : DEFAULT_CHAT_MODEL;
  },
  get systemPrompt(): string {
    const v = get<unknown>(SettingKey.systemPrompt);
    return typeof v === 'string' ? v : '';
  },
  /** Makes `model` the one new conversations start with (user settings). */
  async setModel(model: string): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update(SettingKey.model, model, vscode.ConfigurationTarget.Global);
  },
  /** Which of the model and the system prompt a workspace's settings chose (the chat shows it). */
  get fromWorkspace(): { model: boolean; systemPrompt: boolean } {
    const c = vscode.workspace.getConfiguration(SECTION);
    return {
      model: setByWorkspace(c.inspect(SettingKey.model)),
      systemPrompt: setByWorkspace(c.inspect(SettingKey.systemPrompt)),
    };
  },
  /**
   * Sampling parameters for the request; a setting left empty (null) is not sent at all. A workspace's `maxTokens`
   * applies only where it is lower than the user's (no value: no limit).
   */
  get sampling(): { temperature?: number; max_tokens?: number; top_p?: number } {
    return this.samplingWith(lowestValue(inspect(SettingKey.maxTokens), readMaxTokens));
  },
  /** The sampling parameters with the user's own `maxTokens` only (the workspace's is a separate, lowering layer). */
  get userSampling(): { temperature?: number; max_tokens?: number; top_p?: number } {
    return this.samplingWith(readMaxTokens(userValue(inspect(SettingKey.maxTokens))));
  },
  samplingWith(maxTokens: number | undefined): { temperature?: number; max_tokens?: number; top_p?: number } {
    const out: { temperature?: number; max_tokens?: number; top_p?: number } = {};
    const temperature = finiteOrUndefined(get(SettingKey.temperature), 0, 2);
    const topP = finiteOrUndefined(get(SettingKey.topP), 0, 1);
    if (temperature !== undefined) out.temperature = temperature;
    if (maxTokens !== undefined) out.max_tokens = maxTokens;
    if (topP !== undefined) out.top_p = topP;
    return out;
  },
};

/**
 * The request-parameter layers the chat session resolves: the user's global fallbacks and `modelParameters`, and the
 * workspace's and folder's own values, which may only lower what an answer costs (see resolveParameters).
 */
export const parameterSettings = {
  get layers(): ParameterLayers {
    const params = inspect<unknown>(SettingKey.modelParameters);
    return {
      global: chatSettings.userSampling,
      modelParameters: userValue(params),
      workspace: workspaceParameterLayers(params, inspect<unknown>(SettingKey.maxTokens)),
    };
  },
  /** Records `null` ("never send") for one parameter of one model in the user's settings (other entries kept). */
  async suppress(model: string, name: string): Promise<void> {
    const c = vscode.workspace.getConfiguration(SECTION);
    const current = c.inspect<unknown>(SettingKey.modelParameters)?.globalValue;
    const all: Record<string, unknown> =
      current && typeof current === 'object' && !Array.isArray(current)
        ? { ...(current as Record<string, unknown>) }
        : {};
    const entry = all[model];
    const values: Record<string, unknown> =
      entry && typeof entry === 'object' && !Array.isArray(entry) ? { ...(entry as Record<string, unknown>) } : {};
    values[name] = null;
    all[model] = values;
    await c.update(SettingKey.modelParameters, all, vscode.ConfigurationTarget.Global);
  },
};

export const editorSettings = {
  /** Explain / Ask / Fix start a new conversation (true) or continue the current one. */
  get explainInNewChat(): boolean {
    return get<unknown>(SettingKey.explainInNewChat) !== false;
  },
  /** The size budget for code and context sent with one message, in characters. */
  get contextMaxChars(): number {
    const v = applicationGet<unknown>(SettingKey.contextMaxChars);
    if (typeof v !== 'number' || !Number.isFinite(v)) return DEFAULT_CONTEXT_CHARS;
    return Math.min(MAX_CONTEXT_CHARS, Math.max(MIN_CONTEXT_CHARS, Math.floor(v)));
  },
};

export const videoSettings = {
  get model(): string {
    const v = get<string>(SettingKey.videoModel)?.trim();
    return v || DEFAULT_VIDEO_MODEL;
  },
  get endpoint(): VideoEndpoint {
    return get<string>(SettingKey.videoEndpoint) === 'videos' ? 'videos' : 'chatCompletions';
  },
  get confirmPaidCredits(): boolean {
    return applicationGet<boolean>(SettingKey.videoConfirmPaidCredits) !== false;
  },
  /** The longest silence a video stream may have; veo relays send a line about every 25 s. */
  get idleTimeoutMs(): number {
    return clamp(get<number>(SettingKey.videoIdleTimeoutMinutes), 1, 120, 10) * 60_000;
  },
  /** An absolute folder, or undefined for the extension's global storage. */
  get saveFolder(): string | undefined {
    const v = get<string>(SettingKey.videoSaveFolder)?.trim();
    return v ? v.replace(/^~(?=$|[\\/])/, process.env.HOME ?? process.env.USERPROFILE ?? '~') : undefined;
  },
  get maxDownloadBytes(): number {
    return clamp(applicationGet<number>(SettingKey.videoMaxDownloadMB), 1, 10_000, 500) * 1024 * 1024;
  },
  get pollIntervalMs(): number {
    return clamp(get<number>(SettingKey.videoPollIntervalSeconds), 1, 120, 10) * 1000;
  },
  async setModel(model: string): Promise<void> {
    await vscode.workspace
      .getConfiguration(SECTION)
      .update(SettingKey.videoModel, model, vscode.ConfigurationTarget.Global);
  },
  async disableConfirmation(): Promise<void> {
    await vscode.workspace
      .getConfiguration(SECTION)
      .update(SettingKey.videoConfirmPaidCredits, false, vscode.ConfigurationTarget.Global);
  },
};

export const imageSettings = {
  /** Application-scoped: a workspace can never turn the question off. */
  get confirmPaidCredits(): boolean {
    return applicationGet<boolean>(SettingKey.imageConfirmPaidCredits) !== false;
  },
  async disableConfirmation(): Promise<void> {
    await vscode.workspace
      .getConfiguration(SECTION)
      .update(SettingKey.imageConfirmPaidCredits, false, vscode.ConfigurationTarget.Global);
  },
};

/** Stream options for any veo request: never retried (each attempt may be charged), silence up to the video idle limit. */
export function videoStreamOptions(): { maxRetries: number; timeouts: { idleMs: number; firstByteMs: number } } {
  const idleMs = videoSettings.idleTimeoutMs;
  return { maxRetries: 0, timeouts: { idleMs, firstByteMs: idleMs } };
}

const DEFAULT_COMPLETION_MODEL = 'gpt-4o-mini';
/** Completion-only additions to `applerouter.secretFiles`: names that often hold secrets. */
const DEFAULT_COMPLETION_EXCLUDE = ['**/*secret*', '**/*credential*'];

export const completionSettings = {
  /** From the user's settings only (application-scoped): a repository must not spend the user's credits. */
  get enabled(): boolean {
    return applicationGet<unknown>(SettingKey.completionsEnabled) === true;
  },
  /** From the user's settings only: completions run in the background, so a repository must not choose what they cost. */
  get model(): string {
    const v = applicationGet<unknown>(SettingKey.completionsModel);
    return typeof v === 'string' && v.trim() ? v.trim() : DEFAULT_COMPLETION_MODEL;
  },
  /** From the user's settings only, like the model. */
  get endpoint(): CompletionEndpointSetting {
    const v = applicationGet<unknown>(SettingKey.completionsEndpoint);
    return v === 'completions' || v === 'chat' ? v : 'auto';
  },
  /** A language is completed when the user's map allows it and no workspace or folder map turns it off. */
  isLanguageEnabled(languageId: string): boolean {
    return languagesAllow(inspect<unknown>(SettingKey.completionsLanguages), languageId);
  },
  /**
   * Patterns never sent for completion on top of `applerouter.secretFiles` (which always applies); from the user's
   * settings only: a repository must not be able to have its `.env` sent.
   */
  get exclude(): string[] {
    const v = applicationGet<unknown>(SettingKey.completionsExclude);
    return Array.isArray(v)
      ? v.filter((g): g is string => typeof g === 'string' && g.trim() !== '')
      : DEFAULT_COMPLETION_EXCLUDE;
  },
  async setEnabled(on: boolean): Promise<void> {
    await vscode.workspace
      .getConfiguration(SECTION)
      .update(SettingKey.completionsEnabled, on, vscode.ConfigurationTarget.Global);
  },
};

export const balanceSettings = {
  /** Below this many USD left, the status bar entry turns to the warning colour. */
  get warnBelow(): number {
    const warn = get<unknown>(SettingKey.balanceWarnBelow);
    return typeof warn === 'number' && Number.isFinite(warn) && warn >= 0 ? warn : 5;
  },
  /** Minutes between two balance refreshes (1 to 1440). */
  get refreshMinutes(): number {
    return clamp(get<unknown>(SettingKey.balanceRefreshMinutes), 1, 1440, 5);
  },
};
