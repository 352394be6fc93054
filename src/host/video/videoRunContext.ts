// What a generation's request paths share with the runner: saving the job, the log, the download, how runs end.
import type * as vscode from 'vscode';
import type { VideoEndpoint, VideoJob, VideoJobEvent } from '../../core/video';
import type { Services } from '../services';
import type { VideoJobStore } from './videoJobStore';

export interface ReferenceImage {
  data: Uint8Array;
  mimeType: string;
  fileName: string;
}

/** One generation as the user asked for it. */
export interface VideoRequest {
  model: string;
  prompt: string;
  endpoint: VideoEndpoint;
  image?: ReferenceImage;
}

export type Progress = vscode.Progress<{ message?: string; increment?: number }>;

/** The runner's helpers that a request path uses. */
export interface VideoRunContext {
  readonly services: Services;
  readonly store: VideoJobStore;
  /** Applies an event and saves the job. */
  save(job: VideoJob, event: VideoJobEvent): Promise<VideoJob>;
  log(message: string): void;
  /** Downloads every result not yet on disk. */
  downloadAll(job: VideoJob, signal: AbortSignal, progress: Progress): Promise<VideoJob>;
}

/** A failure already turned into the sentence the user sees. */
export class VideoFailure extends Error {}

/** Status polls kept failing: stop waiting, keep the job resumable. */
export class PollingPaused extends Error {
  constructor(override readonly cause: unknown) {
    super('status polls kept failing');
  }
}
