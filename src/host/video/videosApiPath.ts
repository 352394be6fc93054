// The Videos API path of a generation: the job is created at the gateway, then its status polled until a result.
import * as vscode from 'vscode';
import { describeError, GatewayError, sleep } from '../../core';
import { videoStatusEvent, type VideoJob } from '../../core/video';
import type { Services } from '../services';
import { videoSettings } from '../settings';
import { PollingPaused, VideoFailure, type Progress, type VideoRequest, type VideoRunContext } from './videoRunContext';

/** Consecutive failed status polls before we stop waiting (the job stays resumable). */
const MAX_POLL_FAILURES = 5;

async function requireApiKey(services: Services, profile: string | undefined): Promise<void> {
  if (!(await services.profiles.keyStore(profile).get()))
    throw new GatewayError('auth', vscode.l10n.t('no API key is set'));
}

export async function runVideosApi(
  ctx: VideoRunContext,
  job: VideoJob,
  request: VideoRequest,
  signal: AbortSignal,
  progress: Progress,
): Promise<VideoJob> {
  progress.report({ message: vscode.l10n.t('Sending the request…') });
  await requireApiKey(ctx.services, job.profile);
  const { video, requestId } = await ctx.services
    .getClient(job.profile)
    .createVideo(
      { model: request.model, prompt: request.prompt, seconds: job.seconds, size: job.size, image: request.image },
      signal,
    );
  // Saved before anything else, so a reload from here on finds and resumes the job.
  job = await ctx.save(job, { type: 'accepted', remoteId: video.id, requestId });
  ctx.log(`${job.id}: accepted as ${video.id}`);
  return pollUntilDone(ctx, job, signal, progress);
}

export async function pollUntilDone(
  ctx: VideoRunContext,
  job: VideoJob,
  signal: AbortSignal,
  progress: Progress,
): Promise<VideoJob> {
  const remoteId = job.remoteId!;
  let failures = 0;
  let shownPercent = job.progress ?? 0;
  progress.report({ message: statusText(job), increment: shownPercent || undefined });
  for (;;) {
    await sleep(videoSettings.pollIntervalMs, signal);
    let status;
    try {
      await requireApiKey(ctx.services, job.profile);
      status = await ctx.services.getClient(job.profile).getVideo(remoteId, signal);
      failures = 0;
    } catch (error) {
      if (signal.aborted) throw error;
      // An unknown id or a rejected key will not get better by asking again.
      if (error instanceof GatewayError && (error.kind === 'notFound' || error.kind === 'auth')) throw error;
      failures++;
      ctx.services.logger
        .tagged('video')
        .warn(`${job.id}: status poll failed (${failures}/${MAX_POLL_FAILURES}): ${describeError(error)}`);
      if (failures >= MAX_POLL_FAILURES) throw new PollingPaused(error);
      continue;
    }
    const ev = videoStatusEvent(status.video);
    if (ev.kind === 'failed') {
      const requestId = status.requestId ?? job.requestId;
      await ctx.store.put({ ...job, requestId });
      throw new VideoFailure(requestId ? vscode.l10n.t('{0} (request id {1})', ev.error, requestId) : ev.error);
    }
    if (ev.kind === 'completed') {
      const content = await ctx.services.getClient(job.profile).videoContent(remoteId);
      job = await ctx.save(job, { type: 'result', urls: [content.url] });
      return ctx.downloadAll(job, signal, progress);
    }
    if (ev.kind === 'progress') {
      job = await ctx.save(job, { type: 'progress', status: ev.status, percent: ev.percent, line: ev.status });
      const percent = ev.percent ?? shownPercent;
      progress.report({
        message: statusText(job),
        increment: percent > shownPercent ? percent - shownPercent : undefined,
      });
      shownPercent = Math.max(shownPercent, percent);
    } else {
      ctx.services.logger.tagged('video').warn(`${job.id}: unknown status "${ev.status}"`);
    }
  }
}

function statusText(job: VideoJob): string {
  const percent = job.progress !== undefined ? ` ${Math.round(job.progress)}%` : '';
  if (job.state === 'queued' || job.state === 'submitting') return vscode.l10n.t('Queued at the gateway…{0}', percent);
  return vscode.l10n.t('Generating…{0}', percent);
}
