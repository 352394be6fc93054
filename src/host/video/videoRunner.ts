// Runs video generations (progress, cancel, persistence, download); the Videos API path is in videosApiPath.ts.
import * as vscode from 'vscode';
import { describeError, GatewayError, type ContentPart } from '../../core';
import { ChatVideoCollector } from '../../core/video';
import {
  applyVideoJobEvent,
  createVideoJob,
  isTerminal,
  resumeActionFor,
  VideoJobTransitionError,
  type VideoJob,
  type VideoJobEvent,
} from '../../core/video';
import { describeVeoModel, DEFAULT_VIDEO_SECONDS } from '../../core/video';
import { DEFAULT_PROFILE_ID } from '../../core/profiles';
import { notifyError, userMessageFor } from '../errors';
import type { Services } from '../services';
import { CommandId } from '../commands';
import { downloadResults, DownloadFailure } from './videoDownloads';
import { PollingPaused, VideoFailure, type Progress, type VideoRequest, type VideoRunContext } from './videoRunContext';
import { pollUntilDone, runVideosApi } from './videosApiPath';
import type { VideoJobStore } from './videoJobStore';
import { videoSettings } from '../settings';

export class VideoRunner implements vscode.Disposable {
  private readonly running = new Map<string, AbortController>();
  private disposed = false;
  private readonly emitter = new vscode.EventEmitter<string>();
  /** Fires with a job id when it starts or stops running in this window. */
  readonly onDidChangeRunning = this.emitter.event;
  /** What the Videos API path uses of this runner. */
  private readonly context: VideoRunContext;

  constructor(
    private readonly services: Services,
    private readonly store: VideoJobStore,
    private readonly onCompleted: (job: VideoJob) => void,
  ) {
    this.context = {
      services,
      store,
      save: (job, event) => this.save(job, event),
      log: (message) => this.log(message),
      downloadAll: (job, signal, progress) => this.downloadAll(job, signal, progress),
    };
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  cancel(id: string): void {
    this.running.get(id)?.abort();
  }

  /** Starts a new generation; resolves when it has finished, failed or been cancelled. */
  async start(request: VideoRequest): Promise<VideoJob | undefined> {
    const info = describeVeoModel(request.model);
    const job = createVideoJob({
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      endpoint: request.endpoint,
      model: request.model,
      prompt: request.prompt,
      now: Date.now(),
      withReference: request.image !== undefined,
      seconds: request.endpoint === 'videos' ? DEFAULT_VIDEO_SECONDS : undefined,
      size: request.endpoint === 'videos' ? info.size : undefined,
      ...this.profileOfNewJob(),
    });
    await this.store.put(job);
    this.log(`${job.id}: start ${job.endpoint} ${job.model}${job.withReference ? ' with a reference image' : ''}`);
    return this.run(job, vscode.l10n.t('Generating video with {0}', job.model), (j, signal, progress) =>
      request.endpoint === 'videos'
        ? runVideosApi(this.context, j, request, signal, progress)
        : this.runChat(j, request, signal, progress),
    );
  }

  /**
   * Keeps the videos of a veo answer that streamed elsewhere (the chat panel): downloads them at once,
   * lists them in the gallery and opens the preview.
   */
  async adoptChatResult(model: string, prompt: string, urls: string[]): Promise<VideoJob | undefined> {
    let job = createVideoJob({
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      endpoint: 'chatCompletions',
      model,
      prompt,
      now: Date.now(),
      ...this.profileOfNewJob(),
    });
    job = this.apply(job, { type: 'accepted' });
    job = this.apply(job, { type: 'result', urls });
    await this.store.put(job);
    this.log(`${job.id}: ${urls.length} result(s) from a chat answer`);
    return this.run(job, vscode.l10n.t('Saving the video from {0}', model), (j, signal, progress) =>
      this.downloadAll(j, signal, progress),
    );
  }

  /** Picks up every unfinished job saved by an earlier window. */
  resumeAll(): void {
    for (const job of this.store.list()) {
      if (!isTerminal(job) && !this.running.has(job.id)) void this.resume(job);
    }
  }

  /** Resumes one saved job: polls a Videos-API job, downloads a known result, or marks a lost stream. */
  async resume(job: VideoJob): Promise<VideoJob | undefined> {
    if (this.running.has(job.id)) return undefined;
    const action = resumeActionFor(job);
    this.log(`${job.id}: resume → ${action.kind}`);
    switch (action.kind) {
      case 'none':
        return job;
      case 'interrupt': {
        const next = this.apply(job, { type: 'interrupted' });
        await this.store.put(next);
        return next;
      }
      case 'poll':
      case 'download':
        return this.run(job, vscode.l10n.t('Resuming video with {0}', job.model), async (j, signal, progress) =>
          action.kind === 'poll'
            ? pollUntilDone(this.context, j, signal, progress)
            : this.downloadAll(j, signal, progress),
        );
    }
  }

  /** Wraps one run in a cancellable progress notification and handles every way it can end. */
  private async run(
    job: VideoJob,
    title: string,
    body: (job: VideoJob, signal: AbortSignal, progress: Progress) => Promise<VideoJob>,
  ): Promise<VideoJob | undefined> {
    const controller = new AbortController();
    this.running.set(job.id, controller);
    this.emitter.fire(job.id);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          try {
            const done = await body(job, controller.signal, progress);
            if (done.state === 'completed') this.onCompleted(done);
            return done;
          } catch (error) {
            return this.handleEnd(job.id, error, controller.signal);
          }
        },
      );
    } finally {
      this.running.delete(job.id);
      this.emitter.fire(job.id);
    }
  }

  private async handleEnd(id: string, error: unknown, signal: AbortSignal): Promise<VideoJob | undefined> {
    const job = this.store.get(id);
    if (!job) return undefined;
    // The window is closing: leave the job as saved, so that the next start resumes it.
    if (this.disposed) return job;
    if (signal.aborted) {
      const next = this.apply(job, { type: 'cancelled' });
      await this.store.put(next);
      this.log(`${id}: cancelled by the user`);
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Stopped waiting for the video. A job the gateway already accepted may still be charged.'),
      );
      return next;
    }
    if (error instanceof VideoFailure) {
      const next = this.apply(job, { type: 'failed', error: error.message, requestId: job.requestId });
      await this.store.put(next);
      this.log(`${id}: failed: ${error.message}`);
      void this.showFailure(next, error.message);
      return next;
    }
    if (error instanceof PollingPaused) {
      // The job stays as it is; the next start (or the gallery) resumes it.
      notifyError(this.services, error.cause, {
        tag: 'video',
        format: (s) =>
          vscode.l10n.t(
            'Lost contact while waiting for the video ({0}). It resumes at the next start, or from the Gallery.',
            s,
          ),
      });
      return job;
    }
    const sentence = userMessageFor(error, this.services);
    const next = this.apply(job, {
      type: 'failed',
      error: sentence,
      requestId: error instanceof GatewayError ? error.requestId : undefined,
    });
    await this.store.put(next);
    notifyError(this.services, error, { tag: 'video', format: (s) => vscode.l10n.t('The video was not made: {0}', s) });
    return next;
  }

  private async showFailure(job: VideoJob, message: string): Promise<void> {
    const again = vscode.l10n.t('Generate Again');
    const log = vscode.l10n.t('Show Log');
    const choice = await vscode.window.showErrorMessage(
      vscode.l10n.t('The video was not made: {0}', message),
      again,
      log,
    );
    if (choice === again)
      void vscode.commands.executeCommand(CommandId.generateVideo, { model: job.model, prompt: job.prompt });
    else if (choice === log) this.services.logger.show();
  }

  // ---- Chat completions path ----

  private async runChat(
    job: VideoJob,
    request: VideoRequest,
    signal: AbortSignal,
    progress: Progress,
  ): Promise<VideoJob> {
    const collector = new ChatVideoCollector();
    const content: string | ContentPart[] = request.image
      ? [
          { type: 'text', text: request.prompt },
          {
            type: 'image_url',
            image_url: {
              url: `data:${request.image.mimeType};base64,${Buffer.from(request.image.data).toString('base64')}`,
            },
          },
        ]
      : request.prompt;
    const idleMs = videoSettings.idleTimeoutMs;
    let requestId: string | undefined;
    let shownPercent = 0;
    progress.report({ message: vscode.l10n.t('Sending the request…') });
    try {
      const stream = this.services.getClient(job.profile).streamChat(
        { model: request.model, messages: [{ role: 'user', content }] },
        signal,
        // Never retried (each attempt may be charged); silence up to the video idle limit is healthy.
        { maxRetries: 0, timeouts: { idleMs, firstByteMs: idleMs } },
      );
      for await (const event of stream) {
        if (job.state === 'submitting') job = await this.save(job, { type: 'accepted' });
        const lines = collector.push(event);
        if (lines.length > 0) {
          const percent = collector.percent;
          job = await this.save(job, {
            type: 'progress',
            line: lines[lines.length - 1],
            percent,
            status: 'processing',
          });
          const increment = percent !== undefined && percent > shownPercent ? percent - shownPercent : undefined;
          if (increment) shownPercent = percent!;
          progress.report({ message: lines[lines.length - 1], increment });
        }
      }
    } catch (error) {
      if (signal.aborted) throw error;
      if (!(error instanceof GatewayError)) throw error;
      requestId = error.requestId;
      this.services.logger.tagged('video').warn(`${job.id}: stream ended: ${describeError(error)}`);
      // "[DONE] without finish_reason" is the relays' failure signal: the progress lines tell why.
      if (error.kind !== 'interrupted' || collector.progressLines.length === 0)
        collector.fail(userMessageFor(error, this.services));
    }
    if (requestId) job = { ...job, requestId };
    const outcome = collector.outcome();
    this.log(
      `${job.id}: outcome ${outcome.kind}${outcome.kind === 'success' ? ` (${outcome.urls.length} result(s))` : ''}`,
    );
    if (outcome.kind === 'failure') {
      await this.store.put(job);
      if (outcome.reason === 'error')
        throw new VideoFailure(outcome.message ?? vscode.l10n.t('the gateway reported an error'));
      const line = outcome.message ?? vscode.l10n.t('the gateway ended the stream without a video');
      throw new VideoFailure(requestId ? vscode.l10n.t('{0} (request id {1})', line, requestId) : line);
    }
    job = await this.save(job, { type: 'result', urls: outcome.urls });
    return this.downloadAll(job, signal, progress);
  }

  // ---- Videos API path (through the gateway client: its proxy, timeouts, error bodies and request ids) ----

  /** A new job is made on the open conversation's profile, and remembers it. */
  private profileOfNewJob(): { profile?: string } {
    const id = this.services.profiles.activeId;
    return id === DEFAULT_PROFILE_ID ? {} : { profile: id };
  }

  // ---- Download ----

  /** Downloads every result not yet on disk, at once (chat URLs expire within hours). */
  private async downloadAll(job: VideoJob, signal: AbortSignal, progress: Progress): Promise<VideoJob> {
    try {
      return await downloadResults(this.services, job, signal, {
        report: (message) => progress.report({ message }),
        save: (j, file) => this.save(j, { type: 'downloaded', file }),
        log: (message) => this.log(message),
      });
    } catch (error) {
      if (error instanceof DownloadFailure) throw new VideoFailure(error.message);
      throw error;
    }
  }

  // ---- Helpers ----

  /** Applies an event and saves the job (a transition at once, progress at most once a second); a rejected transition is logged, not fatal. */
  private async save(job: VideoJob, event: VideoJobEvent): Promise<VideoJob> {
    const next = this.apply(job, event);
    if (event.type === 'progress' && next.state === job.state) this.store.putProgress(next);
    else await this.store.put(next);
    return next;
  }

  private apply(job: VideoJob, event: VideoJobEvent): VideoJob {
    try {
      return applyVideoJobEvent(job, event, Date.now());
    } catch (e) {
      if (!(e instanceof VideoJobTransitionError)) throw e;
      this.services.logger.tagged('video').warn(`${job.id}: ${e.message}`);
      return job;
    }
  }

  private log(message: string): void {
    this.services.logger.tagged('video').info(`${message}`);
  }

  dispose(): void {
    this.disposed = true;
    for (const c of this.running.values()) c.abort();
    this.emitter.dispose();
  }
}
