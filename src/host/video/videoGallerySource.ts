// The video jobs in the gallery: past and running generations; open, resume, stop, delete.
import * as vscode from 'vscode';
import { existsSync, promises as fsp } from 'node:fs';
import { isTerminal, resumeActionFor, type VideoJob, type VideoJobState } from '../../core/video';
import type { GalleryEntry, GallerySource } from '../gallery';
import type { Services } from '../services';
import type { VideoJobStore } from './videoJobStore';
import { VideoPreviewPanel } from './videoPreviewPanel';
import { CommandId } from '../commands';
import type { VideoRunner } from './videoRunner';

function stateText(job: VideoJob, running: boolean): string {
  const percent = job.progress !== undefined ? ` ${Math.round(job.progress)}%` : '';
  const labels: Record<VideoJobState, string> = {
    submitting: vscode.l10n.t('Sending'),
    queued: vscode.l10n.t('Queued'),
    processing: vscode.l10n.t('Generating'),
    downloading: vscode.l10n.t('Downloading'),
    completed: vscode.l10n.t('Done'),
    failed: vscode.l10n.t('Failed'),
    cancelled: vscode.l10n.t('Stopped'),
    interrupted: vscode.l10n.t('Interrupted'),
  };
  const base = labels[job.state] + (isTerminal(job) ? '' : percent);
  return !isTerminal(job) && !running ? vscode.l10n.t('{0} (not running in this window)', base) : base;
}

function iconFor(job: VideoJob, running: boolean): string {
  if (running) return '$(loading~spin)';
  switch (job.state) {
    case 'completed':
      return '$(device-camera-video)';
    case 'failed':
      return '$(error)';
    case 'cancelled':
    case 'interrupted':
      return '$(debug-stop)';
    default:
      return '$(history)';
  }
}

/** The video jobs as gallery rows: open (preview, resume), stop, delete. */
export function videoGallerySource(
  services: Services,
  store: VideoJobStore,
  runner: VideoRunner,
): GallerySource & vscode.Disposable {
  const changed = new vscode.EventEmitter<unknown>();
  const subs = [
    store.onDidChange(() => changed.fire(undefined)),
    runner.onDidChangeRunning(() => changed.fire(undefined)),
  ];
  return {
    onDidChange: changed.event,
    async entries(): Promise<GalleryEntry[]> {
      return store.list().map((job) => {
        const running = runner.isRunning(job.id);
        const detailParts = [stateText(job, running)];
        if (job.state === 'failed' && job.error) detailParts.push(job.error);
        else if (!isTerminal(job) && job.lastLine) detailParts.push(job.lastLine);
        else if (job.state === 'completed' && job.files.length > 1)
          detailParts.push(vscode.l10n.t('{0} videos', job.files.length));
        return {
          id: job.id,
          createdAt: job.createdAt,
          label: `${iconFor(job, running)} ${job.prompt.replace(/\s+/g, ' ').slice(0, 80)}`,
          description: `${job.model} · ${new Date(job.createdAt).toLocaleString(vscode.env.language)}`,
          detail: detailParts.join(' — '),
          running,
        };
      });
    },
    async open(id) {
      const job = store.get(id);
      if (job) await openJob(services, runner, job);
    },
    async delete(id) {
      const job = store.get(id);
      if (job) await deleteJob(services, store, runner, job);
    },
    stop(id) {
      runner.cancel(id);
    },
    dispose() {
      for (const s of subs) s.dispose();
      changed.dispose();
    },
  };
}

async function openJob(services: Services, runner: VideoRunner, job: VideoJob): Promise<void> {
  if (job.state === 'completed') {
    if (job.files.some((f) => existsSync(f))) {
      VideoPreviewPanel.show(services, job);
      return;
    }
    void vscode.window.showWarningMessage(vscode.l10n.t('The video file is no longer on disk.'));
    return;
  }
  if (runner.isRunning(job.id)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Still generating: {0}', job.lastLine ?? job.state));
    return;
  }
  const resumable = !isTerminal(job) && resumeActionFor(job).kind !== 'interrupt';
  if (resumable) {
    void runner.resume(job);
    return;
  }
  const again = vscode.l10n.t('Generate Again');
  const reason = job.error ?? job.lastLine ?? stateText(job, false);
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('This generation did not finish: {0}', reason),
    again,
  );
  if (choice === again)
    void vscode.commands.executeCommand(CommandId.generateVideo, { model: job.model, prompt: job.prompt });
}

async function deleteJob(services: Services, store: VideoJobStore, runner: VideoRunner, job: VideoJob): Promise<void> {
  const del = vscode.l10n.t('Delete');
  const files = job.files.filter((f) => existsSync(f));
  const detail = files.length > 0 ? vscode.l10n.t('The video file is deleted from disk too.') : undefined;
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete this video generation?'),
    { modal: true, detail },
    del,
  );
  if (choice !== del) return;
  runner.cancel(job.id);
  VideoPreviewPanel.close(job.id);
  for (const f of files) {
    await fsp
      .rm(f, { force: true })
      .catch((e: unknown) => services.logger.tagged('video').warn(`could not delete ${f}: ${String(e)}`));
  }
  await store.remove(job.id);
  services.logger.tagged('video').info(`${job.id}: deleted`);
}
