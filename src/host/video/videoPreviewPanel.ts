// The preview editor tab: plays the downloaded file and offers save, reveal, system player, source, again.
import * as vscode from 'vscode';
import { existsSync, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../../core';
import type { VideoJob } from '../../core/video';
import { WebviewHost } from '../webview';
import {
  parseVideoWebviewMessage,
  type VideoAction,
  type VideoHostToWebview,
  type VideoPreviewStrings,
  type VideoWebviewToHost,
} from '../../shared/video/videoProtocol';
import type { Services } from '../services';
import { CommandId } from '../commands';

export const VIDEO_PREVIEW_VIEW_TYPE = 'applerouter.videoPreview';

function previewStrings(): VideoPreviewStrings {
  return {
    prompt: vscode.l10n.t('Prompt'),
    model: vscode.l10n.t('Model'),
    date: vscode.l10n.t('Created'),
    saveAs: vscode.l10n.t('Save As…'),
    reveal: vscode.l10n.t('Reveal in File Manager'),
    openExternal: vscode.l10n.t('Open in System Player'),
    copySource: vscode.l10n.t('Copy Source URL'),
    generateAgain: vscode.l10n.t('Generate Again'),
    noAudioNote: vscode.l10n.t(
      "VS Code's built-in player has no AAC support, so the clip plays silently here; open it in the system player to hear its sound.",
    ),
    playbackError: vscode.l10n.t('This player cannot show the video; open it in the system player.'),
    videoLabel: vscode.l10n.t('Generated video: {0}'),
    resultOf: vscode.l10n.t('Result {0} of {1}'),
  };
}

/** Short tab title from the prompt. */
function titleFor(job: VideoJob): string {
  const p = job.prompt.replace(/\s+/g, ' ').trim();
  return vscode.l10n.t('Video: {0}', p.length > 28 ? `${p.slice(0, 27)}…` : p);
}

/** Only the extension's media and the folders of this job's files may be loaded. */
function webviewOptions(services: Services, job: VideoJob): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  const media = vscode.Uri.joinPath(services.context.extensionUri, 'media');
  const folders = [...new Set(job.files.map((f) => path.dirname(f)))].map((d) => vscode.Uri.file(d));
  return { enableScripts: true, localResourceRoots: [media, ...folders], enableCommandUris: false };
}

export class VideoPreviewPanel extends WebviewHost<VideoWebviewToHost, VideoHostToWebview> {
  private static readonly panels = new Map<string, VideoPreviewPanel>();

  /** Opens (or focuses) the preview of a finished job. */
  static show(services: Services, job: VideoJob): VideoPreviewPanel {
    const existing = VideoPreviewPanel.panels.get(job.id);
    if (existing) {
      existing.job = job;
      existing.panel.reveal();
      existing.render();
      return existing;
    }
    const p = new VideoPreviewPanel(services, job);
    VideoPreviewPanel.panels.set(job.id, p);
    return p;
  }

  /** Closes the preview of a job (after it was deleted). */
  static close(jobId: string): void {
    VideoPreviewPanel.panels.get(jobId)?.panel.dispose();
  }

  /** Takes over a preview tab VS Code restored after a reload. */
  static revive(services: Services, panel: vscode.WebviewPanel, job: VideoJob): VideoPreviewPanel {
    VideoPreviewPanel.panels.get(job.id)?.dispose();
    const p = new VideoPreviewPanel(services, job, panel);
    VideoPreviewPanel.panels.set(job.id, p);
    return p;
  }

  private readonly panel: vscode.WebviewPanel;
  private readonly log: Logger;

  private constructor(
    services: Services,
    private job: VideoJob,
    restored?: vscode.WebviewPanel,
  ) {
    super({
      extensionUri: services.context.extensionUri,
      log: services.logger.tagged('video'),
      parse: parseVideoWebviewMessage,
      isReady: (m) => m.type === 'video/ready',
    });
    this.log = services.logger.tagged('video');
    const options = webviewOptions(services, job);
    this.panel =
      restored ??
      vscode.window.createWebviewPanel(
        VIDEO_PREVIEW_VIEW_TYPE,
        titleFor(job),
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        options,
      );
    if (restored) restored.webview.options = options;
    this.register(this.panel.onDidDispose(() => this.dispose()));
    this.connect(this.panel.webview, {
      script: 'video.js',
      stylesheets: ['preview.css', 'video.css'],
      title: titleFor(this.job),
      body: '<main id="root" class="video-preview"></main>',
    });
  }

  private render(): void {
    this.panel.title = titleFor(this.job);
    const msg: VideoHostToWebview = {
      type: 'video/show',
      view: {
        jobId: this.job.id,
        prompt: this.job.prompt,
        model: this.job.model,
        date: new Date(this.job.createdAt).toLocaleString(vscode.env.language),
        files: this.job.files
          .filter((f) => existsSync(f))
          .map((f) => ({
            name: path.basename(f),
            src: this.panel.webview.asWebviewUri(vscode.Uri.file(f)).toString(),
          })),
        hasSourceUrl: this.job.sourceUrls.length > 0,
      },
      strings: previewStrings(),
    };
    // On `video/ready` this is sent as soon as the handler returns; a later job update goes at once.
    this.postWhenReady(msg);
  }

  protected async onMessage(msg: VideoWebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'video/ready':
        return this.render();
      case 'video/media':
        if (msg.event === 'error')
          this.log.warn(`preview ${this.job.id}#${msg.index}: playback error ${msg.detail ?? ''}`);
        else this.log.debug(`preview ${this.job.id}#${msg.index}: metadata loaded ${msg.detail ?? ''}`);
        return;
      case 'video/action':
        return this.act(msg.action, msg.index);
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  private async act(action: VideoAction, index: number): Promise<void> {
    const file = this.job.files[index];
    try {
      switch (action) {
        case 'saveAs': {
          if (!file) return;
          const target = await vscode.window.showSaveDialog({
            defaultUri: vscode.Uri.file(path.join(path.dirname(file), path.basename(file))),
            filters: { [vscode.l10n.t('MP4 video')]: ['mp4'] },
            saveLabel: vscode.l10n.t('Save Video'),
          });
          if (!target) return;
          await fsp.copyFile(file, target.fsPath);
          void vscode.window.showInformationMessage(vscode.l10n.t('Saved the video to {0}.', target.fsPath));
          return;
        }
        case 'reveal':
          if (file) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file));
          return;
        case 'openExternal':
          if (file) await vscode.env.openExternal(vscode.Uri.file(file));
          return;
        case 'copySource': {
          const url = this.job.sourceUrls[index] ?? this.job.sourceUrls[0];
          if (!url) return;
          await vscode.env.clipboard.writeText(url);
          void vscode.window.showInformationMessage(
            vscode.l10n.t('Copied the source URL. Signed links expire within hours.'),
          );
          return;
        }
        case 'generateAgain':
          await vscode.commands.executeCommand(CommandId.generateVideo, {
            model: this.job.model,
            prompt: this.job.prompt,
          });
          return;
      }
    } catch (e) {
      this.log.error(`preview action ${action} failed: ${String(e)}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Could not complete the action: {0}', e instanceof Error ? e.message : String(e)),
      );
    }
  }

  override dispose(): void {
    if (VideoPreviewPanel.panels.get(this.job.id) === this) VideoPreviewPanel.panels.delete(this.job.id);
    super.dispose();
    this.panel.dispose();
  }
}
