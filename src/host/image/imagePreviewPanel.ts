// The image preview editor tab: shows a generation's files and offers save, copy, reveal, Markdown, edit, again.
import * as vscode from 'vscode';
import { existsSync, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../../core';
import type { ImageGeneration } from '../../core/image';
import { sniffImageType } from '../../core/video';
import {
  parseImageWebviewMessage,
  type ImageAction,
  type ImageHostToWebview,
  type ImagePreviewStrings,
  type ImageWebviewToHost,
} from '../../shared/image/imageProtocol';
import type { Services } from '../services';
import { WebviewHost } from '../webview';
import {
  copyImagePath,
  editImageFile,
  generateImageAgain,
  insertImageMarkdown,
  revealImage,
  saveImageAs,
} from './imageActions';

export const IMAGE_PREVIEW_VIEW_TYPE = 'applerouter.imagePreview';
/** Larger images are not sent to the webview for the clipboard (the path is copied instead). */
const MAX_CLIPBOARD_BYTES = 32 * 1024 * 1024;

function previewStrings(): ImagePreviewStrings {
  return {
    prompt: vscode.l10n.t('Prompt'),
    revisedPrompt: vscode.l10n.t('Revised prompt'),
    model: vscode.l10n.t('Model'),
    options: vscode.l10n.t('Options'),
    date: vscode.l10n.t('Created'),
    saveAs: vscode.l10n.t('Save As…'),
    copy: vscode.l10n.t('Copy'),
    reveal: vscode.l10n.t('Reveal in File Manager'),
    insertMarkdown: vscode.l10n.t('Insert into Markdown'),
    generateAgain: vscode.l10n.t('Generate Again'),
    edit: vscode.l10n.t('Edit…'),
    imageLabel: vscode.l10n.t('Generated image: {0}'),
    resultOf: vscode.l10n.t('Result {0} of {1}'),
    loadError: vscode.l10n.t('The image file could not be shown; it may have been moved or deleted.'),
    copied: vscode.l10n.t('Copied the image.'),
    copyFailed: vscode.l10n.t('The image could not be copied; its path was copied instead.'),
  };
}

function titleFor(g: ImageGeneration): string {
  const p = g.prompt.replace(/\s+/g, ' ').trim();
  return vscode.l10n.t('Image: {0}', p.length > 28 ? `${p.slice(0, 27)}…` : p);
}

function webviewOptions(services: Services, g: ImageGeneration): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  const media = vscode.Uri.joinPath(services.context.extensionUri, 'media');
  const folders = [...new Set(g.files.map((f) => path.dirname(f)))].map((d) => vscode.Uri.file(d));
  return { enableScripts: true, localResourceRoots: [media, ...folders], enableCommandUris: false };
}

export class ImagePreviewPanel extends WebviewHost<ImageWebviewToHost, ImageHostToWebview> {
  private static readonly panels = new Map<string, ImagePreviewPanel>();

  static show(services: Services, g: ImageGeneration): ImagePreviewPanel {
    const existing = ImagePreviewPanel.panels.get(g.id);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const p = new ImagePreviewPanel(services, g);
    ImagePreviewPanel.panels.set(g.id, p);
    return p;
  }

  static close(id: string): void {
    ImagePreviewPanel.panels.get(id)?.panel.dispose();
  }

  static revive(services: Services, panel: vscode.WebviewPanel, g: ImageGeneration): ImagePreviewPanel {
    ImagePreviewPanel.panels.get(g.id)?.dispose();
    const p = new ImagePreviewPanel(services, g, panel);
    ImagePreviewPanel.panels.set(g.id, p);
    return p;
  }

  private readonly panel: vscode.WebviewPanel;
  private readonly log: Logger;

  private constructor(
    services: Services,
    private readonly generation: ImageGeneration,
    restored?: vscode.WebviewPanel,
  ) {
    super({
      extensionUri: services.context.extensionUri,
      log: services.logger.tagged('image'),
      parse: parseImageWebviewMessage,
      isReady: (m) => m.type === 'image/ready',
    });
    this.log = services.logger.tagged('image');
    const options = webviewOptions(services, generation);
    this.panel =
      restored ??
      vscode.window.createWebviewPanel(
        IMAGE_PREVIEW_VIEW_TYPE,
        titleFor(generation),
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        options,
      );
    if (restored) restored.webview.options = options;
    this.register(this.panel.onDidDispose(() => this.dispose()));
    this.connect(this.panel.webview, {
      script: 'image.js',
      stylesheets: ['preview.css', 'image.css'],
      title: titleFor(generation),
      body: '<main id="root" class="image-preview"></main>',
      allowDataUris: true,
    });
  }

  private render(): void {
    const g = this.generation;
    const options = [g.size, g.quality, g.count > 1 ? `n=${g.count}` : undefined].filter(Boolean).join(' · ');
    this.postWhenReady({
      type: 'image/show',
      view: {
        generationId: g.id,
        prompt: g.prompt,
        ...(g.revisedPrompt ? { revisedPrompt: g.revisedPrompt } : {}),
        model: g.model,
        options,
        date: new Date(g.createdAt).toLocaleString(vscode.env.language),
        files: g.files
          .filter((f) => existsSync(f))
          .map((f) => ({
            name: path.basename(f),
            src: this.panel.webview.asWebviewUri(vscode.Uri.file(f)).toString(),
          })),
      },
      strings: previewStrings(),
    });
  }

  protected async onMessage(msg: ImageWebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'image/ready':
        return this.render();
      case 'image/loaded':
        this.log.info(`preview ${this.generation.id}#${msg.index}: shown ${msg.width}x${msg.height}`);
        return;
      case 'image/copied':
        if (msg.ok) return;
        this.log.warn(`preview ${this.generation.id}#${msg.index}: clipboard refused: ${msg.detail ?? ''}`);
        return this.withFile(msg.index, copyImagePath);
      case 'image/action':
        return this.act(msg.action, msg.index);
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  /** The index counts the files still on disk, as the webview shows them. */
  private fileAt(index: number): string | undefined {
    return this.generation.files.filter((f) => existsSync(f))[index];
  }

  private async withFile(index: number, fn: (file: string) => Promise<void> | Thenable<unknown>): Promise<void> {
    const file = this.fileAt(index);
    if (file) await fn(file);
  }

  private async act(action: ImageAction, index: number): Promise<void> {
    const g = this.generation;
    try {
      switch (action) {
        case 'saveAs':
          return await this.withFile(index, saveImageAs);
        case 'reveal':
          return await this.withFile(index, revealImage);
        case 'insertMarkdown':
          return await this.withFile(index, (f) => insertImageMarkdown(f, g.prompt));
        case 'edit':
          return await this.withFile(index, editImageFile);
        case 'generateAgain':
          await generateImageAgain(g.model, g.prompt);
          return;
        case 'copy':
          return await this.withFile(index, async (file) => {
            const bytes = await fsp.readFile(file);
            const type = sniffImageType(bytes);
            if (!type || bytes.length > MAX_CLIPBOARD_BYTES) return copyImagePath(file);
            this.postWhenReady({
              type: 'image/copyData',
              index,
              dataUrl: `data:${type};base64,${bytes.toString('base64')}`,
            });
          });
      }
    } catch (e) {
      this.log.error(`preview action ${action} failed: ${String(e)}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Could not complete the action: {0}', e instanceof Error ? e.message : String(e)),
      );
    }
  }

  override dispose(): void {
    if (ImagePreviewPanel.panels.get(this.generation.id) === this) ImagePreviewPanel.panels.delete(this.generation.id);
    super.dispose();
    this.panel.dispose();
  }
}
