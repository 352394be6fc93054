// Wires video generation into the extension: commands, the job store, resumption of saved jobs.
import * as vscode from 'vscode';
import { ChatVideoCollector } from '../../core/video';
import type { ChatAnswerVideos, ChatVideoAnswer } from '../../core/chat';
import type { Services } from '../services';
import { CommandId } from '../commands';
import { askForVideoRequest, confirmPaidGeneration, type GenerateVideoArgs } from './generateVideoCommand';
import { VideoJobStore } from './videoJobStore';
import { VIDEO_PREVIEW_VIEW_TYPE, VideoPreviewPanel } from './videoPreviewPanel';
import { VideoRunner } from './videoRunner';
import { videoGallerySource } from './videoGallerySource';
import type { GallerySource } from '../gallery';

/** What other features may ask of video generation (the chat saves a veo answer's videos). */
export interface VideoService {
  /** Downloads the videos a finished veo answer links to, keeps them in the gallery and previews them. */
  saveChatAnswer(answer: ChatVideoAnswer): Promise<ChatAnswerVideos>;
  /** Asks the user to confirm a paid generation with `model`, exactly as Generate Video… does. */
  confirmPaidGeneration(model: string): Promise<boolean>;
  /** The video jobs as the gallery lists them. */
  readonly gallery: GallerySource;
}

export function registerVideo(context: vscode.ExtensionContext, services: Services): VideoService {
  const store = VideoJobStore.forStorage(context.globalStorageUri, services.logger);
  const runner = new VideoRunner(services, store, (job) => VideoPreviewPanel.show(services, job));
  context.subscriptions.push(store, runner);

  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.generateVideo, async (args?: GenerateVideoArgs) => {
      const request = await askForVideoRequest(services, sanitizeArgs(args));
      if (request) await runner.start(request);
    }),
  );
  const gallery = videoGallerySource(services, store, runner);
  context.subscriptions.push(gallery);

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
    (e: unknown) => services.logger.tagged('video').error(`could not load saved jobs: ${String(e)}`),
  );
  return {
    gallery,
    confirmPaidGeneration,
    async saveChatAnswer(args) {
      const answer = sanitizeChatAnswer(args);
      const collector = new ChatVideoCollector();
      collector.push({ type: 'reasoning', text: answer.reasoning });
      collector.push({ type: 'content', text: answer.content });
      const urls = collector.urls;
      if (urls.length === 0) return { state: 'failed', files: [], error: undefined };
      const job = await runner.adoptChatResult(answer.model, answer.prompt, urls);
      // The chat keeps the local paths in its own record, so that its transcript plays them inline.
      return { state: job?.state ?? 'failed', files: job?.files ?? [], error: job?.error };
    },
  };
}

/** The answer's sizes are capped before they reach the job store. */
function sanitizeChatAnswer(a: ChatVideoAnswer): ChatVideoAnswer {
  return {
    model: a.model.slice(0, 100),
    prompt: a.prompt.slice(0, 10_000),
    content: a.content.slice(0, 1_000_000),
    reasoning: a.reasoning.slice(0, 1_000_000),
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
