// Downloads a video job's results to disk: through applerouter.proxy, the key only for the gateway's own content URL.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { downloadPolicyFor, downloadToFile, DownloadError, videoFileName, type VideoJob } from '../../core/video';
import type { Services } from '../services';
import { videoSettings } from '../settings';

/** A download that failed, already turned into the sentence the user sees. */
export class DownloadFailure extends Error {}

export interface DownloadHooks {
  report(message: string): void;
  /** Records one saved file in the job (and persists it); returns the updated job. */
  save(job: VideoJob, file: string): Promise<VideoJob>;
  log(message: string): void;
}

/** Downloads every result not yet on disk, at once (chat URLs expire within hours). */
export async function downloadResults(
  services: Services,
  job: VideoJob,
  signal: AbortSignal,
  hooks: DownloadHooks,
): Promise<VideoJob> {
  const destDir = videoSettings.saveFolder ?? path.join(services.context.globalStorageUri.fsPath, 'videos');
  const maxBytes = videoSettings.maxDownloadBytes;
  // Links on the job's own gateway are trusted like it; the key still never goes to a signed link.
  const baseUrl = services.profiles.get(job.profile).baseUrl;
  for (let i = job.files.length; i < job.sourceUrls.length; i++) {
    const url = job.sourceUrls[i]!;
    const total = job.sourceUrls.length;
    hooks.report(
      total > 1
        ? vscode.l10n.t('Downloading video {0} of {1}…', i + 1, total)
        : vscode.l10n.t('Downloading the video…'),
    );
    // Only the gateway's own content URL gets the key (and the custom headers); signed result links never do.
    const content =
      job.endpoint === 'videos' && job.remoteId
        ? await services.getClient(job.profile).videoContent(job.remoteId)
        : undefined;
    const headers = content && sameUrl(content.url, url) ? content.headers : undefined;
    // Through applerouter.proxy when it is set; otherwise none, so VS Code's own proxy support applies.
    const agent = services.transport.getAgent();
    try {
      const result = await downloadToFile({
        url,
        destDir,
        fileName: videoFileName(new Date(job.createdAt), job.model, job.prompt, i),
        maxBytes,
        policy: downloadPolicyFor(baseUrl),
        headers,
        signal,
        ...(agent ? { agent } : {}),
      });
      hooks.log(
        `${job.id}: saved ${result.bytes} bytes to ${result.path}${result.resumes ? ` after ${result.resumes} resume(s)` : ''}`,
      );
      job = await hooks.save(job, result.path);
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof DownloadError) {
        services.logger
          .tagged('video')
          .error(
            `${job.id}: download failed: ${error.kind} ${error.message}${error.bodyExcerpt ? ` — ${error.bodyExcerpt.slice(0, 200)}` : ''}`,
          );
        const proxyRefusal = agent && error.status === 407 ? services.transport.proxyAuthMessage() : undefined;
        if (proxyRefusal) throw new DownloadFailure(proxyRefusal);
        throw new DownloadFailure(downloadMessage(error, maxBytes));
      }
      throw error;
    }
  }
  return job;
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

function downloadMessage(error: DownloadError, maxBytes: number): string {
  switch (error.kind) {
    case 'tooLarge':
      return vscode.l10n.t(
        'the video is larger than the {0} MB limit; raise applerouter.video.maxDownloadMB to keep it',
        Math.round(maxBytes / 1024 / 1024),
      );
    case 'http':
      return vscode.l10n.t(
        'the video link answered {0}; signed links expire within hours, so generate again',
        error.message,
      );
    case 'notVideo':
      return vscode.l10n.t('the video link returned a web page instead of a video ({0})', error.message);
    case 'refused':
      return vscode.l10n.t('the video link was refused for safety ({0})', error.message);
    case 'network':
    case 'aborted':
      return vscode.l10n.t('the download kept failing ({0}); check your network and generate again', error.message);
  }
}
