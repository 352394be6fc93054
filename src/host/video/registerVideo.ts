// Wires video generation into the extension: commands, the job store, resumption of saved jobs.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { askForVideoRequest, type GenerateVideoArgs } from './generateVideoCommand';
import { VideoJobStore } from './videoJobStore';
import { VideoPreviewPanel } from './videoPreviewPanel';
import { VideoRunner } from './videoRunner';
import { showVideoGallery } from './videoGalleryCommand';

export const VideoCommandId = {
  generateVideo: 'applerouter.generateVideo',
  videoGallery: 'applerouter.videoGallery',
} as const;

export function registerVideo(context: vscode.ExtensionContext, services: Services): void {
  const store = VideoJobStore.forStorage(context.globalStorageUri, services.logger);
  const runner = new VideoRunner(services, store, (job) => VideoPreviewPanel.show(services, job));
  context.subscriptions.push(store, runner);

  context.subscriptions.push(
    vscode.commands.registerCommand(VideoCommandId.generateVideo, async (args?: GenerateVideoArgs) => {
      const request = await askForVideoRequest(services, sanitizeArgs(args));
      if (request) await runner.start(request);
    }),
    vscode.commands.registerCommand(VideoCommandId.videoGallery, () => showVideoGallery(services, store, runner)),
  );

  // Saved jobs are read and resumed in the background, so activation never waits on disk or network.
  void store.load().then(
    () => runner.resumeAll(),
    (e: unknown) => services.logger.error(`[video] could not load saved jobs: ${String(e)}`),
  );
}

/** Command arguments can come from anywhere (a keybinding, another extension): keep only strings. */
function sanitizeArgs(args: unknown): GenerateVideoArgs {
  if (!args || typeof args !== 'object') return {};
  const a = args as Record<string, unknown>;
  return {
    model: typeof a.model === 'string' && a.model.length < 100 ? a.model : undefined,
    prompt: typeof a.prompt === 'string' ? a.prompt.slice(0, 10_000) : undefined,
  };
}
