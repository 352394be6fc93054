// Typed access to the video settings (`applerouter.videoModel`, `applerouter.video.*`).
import * as vscode from 'vscode';
import { DEFAULT_VIDEO_MODEL } from '../../core/video';
import type { VideoEndpoint } from '../../core/video';

export const VideoSettingKey = {
  model: 'videoModel',
  endpoint: 'video.endpoint',
  confirmPaidCredits: 'video.confirmPaidCredits',
  idleTimeoutMinutes: 'video.idleTimeoutMinutes',
  saveFolder: 'video.saveFolder',
  maxDownloadMB: 'video.maxDownloadMB',
  pollIntervalSeconds: 'video.pollIntervalSeconds',
} as const;

function get<T>(key: string): T | undefined {
  return vscode.workspace.getConfiguration('applerouter').get<T>(key);
}

function clamp(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

export const videoSettings = {
  get model(): string {
    const v = get<string>(VideoSettingKey.model)?.trim();
    return v || DEFAULT_VIDEO_MODEL;
  },
  get endpoint(): VideoEndpoint {
    return get<string>(VideoSettingKey.endpoint) === 'videos' ? 'videos' : 'chatCompletions';
  },
  get confirmPaidCredits(): boolean {
    return get<boolean>(VideoSettingKey.confirmPaidCredits) !== false;
  },
  /** The longest silence a video stream may have; veo relays send a line about every 25 s. */
  get idleTimeoutMs(): number {
    return clamp(get<number>(VideoSettingKey.idleTimeoutMinutes), 1, 120, 10) * 60_000;
  },
  /** An absolute folder, or undefined for the extension's global storage. */
  get saveFolder(): string | undefined {
    const v = get<string>(VideoSettingKey.saveFolder)?.trim();
    return v ? v.replace(/^~(?=$|[\\/])/, process.env.HOME ?? process.env.USERPROFILE ?? '~') : undefined;
  },
  get maxDownloadBytes(): number {
    return clamp(get<number>(VideoSettingKey.maxDownloadMB), 1, 10_000, 500) * 1024 * 1024;
  },
  get pollIntervalMs(): number {
    return clamp(get<number>(VideoSettingKey.pollIntervalSeconds), 1, 120, 10) * 1000;
  },
  async setModel(model: string): Promise<void> {
    await vscode.workspace.getConfiguration('applerouter').update(VideoSettingKey.model, model, vscode.ConfigurationTarget.Global);
  },
  async disableConfirmation(): Promise<void> {
    await vscode.workspace.getConfiguration('applerouter').update(VideoSettingKey.confirmPaidCredits, false, vscode.ConfigurationTarget.Global);
  },
};

/** Stream options for any veo request: never retried (each attempt may be charged), silence up to the video idle limit. */
export function videoStreamOptions(): { maxRetries: number; timeouts: { idleMs: number; firstByteMs: number } } {
  const idleMs = videoSettings.idleTimeoutMs;
  return { maxRetries: 0, timeouts: { idleMs, firstByteMs: idleMs } };
}
