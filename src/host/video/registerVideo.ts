// Wires video generation into the extension: commands, the job store, resumption of saved jobs.
import * as vscode from 'vscode';
import { ChatVideoCollector } from '../../core/video';
import type { Services } from '../services';
import { askForVideoRequest, type GenerateVideoArgs } from './generateVideoCommand';
import { VideoJobStore } from './videoJobStore';
import { VIDEO_PREVIEW_VIEW_TYPE, VideoPreviewPanel } from './videoPreviewPanel';
import { VideoRunner } from './videoRunner';
import { showVideoGallery } from './videoGalleryCommand';

export const VideoCommandId = {
  generateVideo: 'applerouter.generateVideo',
  videoGallery: 'applerouter.videoGallery',
  saveChatAnswer: 'applerouter.video.saveChatAnswer',
} as const;

/** What `applerouter.video.saveChatAnswer` resolves to: the job's end state and its local files. */
export interface ChatAnswerVideos {
  state: string;
  files: string[];
  /** The job's error sentence; undefined with no files means the answer had no video link. */
  error: string | undefined;
}

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
    // Internal (not in the palette): the chat panel hands over a finished veo answer.
    vscode.commands.registerCommand(VideoCommandId.saveChatAnswer, async (args?: unknown) => {
      const answer = parseChatAnswer(args);
      if (!answer) return undefined;
      const collector = new ChatVideoCollector();
      collector.push({ type: 'reasoning', text: answer.reasoning });
      collector.push({ type: 'content', text: answer.content });
      const urls = collector.urls;
      if (urls.length === 0) return { state: 'failed', files: [], error: undefined } satisfies ChatAnswerVideos;
      const job = await runner.adoptChatResult(answer.model, answer.prompt, urls);
      // The chat keeps the local paths in its own record, so that its transcript plays them inline.
      return { state: job?.state ?? 'failed', files: job?.files ?? [], error: job?.error } satisfies ChatAnswerVideos;
    }),
  );

  // Saved jobs are read and resumed in the background, so activation never waits on disk or network.
  const loaded = store.load();
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(VIDEO_PREVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        await loaded.catch(() => undefined);
        const id = state && typeof state === 'object' ? (state as { jobId?: unknown }).jobId : undefined;
        const job = typeof id === 'string' ? store.get(id) : undefined;
        if (!job || job.state !== 'completed') return panel.dispose();
        VideoPreviewPanel.revive(services, panel, job);
      },
    }),
  );
  void loaded.then(
    () => runner.resumeAll(),
    (e: unknown) => services.logger.error(`[video] could not load saved jobs: ${String(e)}`),
  );
}

function parseChatAnswer(args: unknown): { model: string; prompt: string; content: string; reasoning: string } | undefined {
  if (!args || typeof args !== 'object') return undefined;
  const a = args as Record<string, unknown>;
  if (typeof a.model !== 'string' || typeof a.content !== 'string') return undefined;
  return {
    model: a.model.slice(0, 100),
    prompt: typeof a.prompt === 'string' ? a.prompt.slice(0, 10_000) : '',
    content: a.content.slice(0, 1_000_000),
    reasoning: typeof a.reasoning === 'string' ? a.reasoning.slice(0, 1_000_000) : '',
  };
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
