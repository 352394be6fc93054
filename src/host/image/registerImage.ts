// Wires image generation into the extension: commands, the preview, the gallery source and what the chat asks of it.
import * as vscode from 'vscode';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { decodeBase64Image } from '../../core';
import { imageDimensions, writeImageFile } from '../../core/image';
import { sniffImageType } from '../../core/video';
import type { ChatImageAnswer, ChatImageRequest, StoredImage } from '../../core/chat';
import { modelKind } from '../../core/models';
import { CommandId } from '../commands';
import type { GallerySource } from '../gallery';
import type { Services } from '../services';
import { askForEditRequest, readEditImage } from './editImageCommand';
import { askForImageRequest, confirmPaidImage, type GenerateImageArgs } from './generateImageCommand';
import {
  editImageFile,
  generateImageAgain,
  insertImageMarkdown,
  revealImage,
  saveImageAs,
  trackMarkdownEditors,
} from './imageActions';
import type { ChatImageAction } from '../../shared/chat/protocol';
import { imageGallerySource } from './imageGallerySource';
import { IMAGE_PREVIEW_VIEW_TYPE, ImagePreviewPanel } from './imagePreviewPanel';
import { ImageFailure, ImageRunner, withImageProgress, type ImageRequest } from './imageRunner';
import { ImageStore } from './imageStore';

/** What other features may ask of image generation (the chat answers image prompts through it). */
export interface ImageService {
  isImageModel(model: string, endpointTypes?: readonly string[]): boolean;
  /** The paid-credits question, exactly as Generate Image… asks it. */
  confirmPaidGeneration(model: string): Promise<boolean>;
  /** Generates for a chat answer; throws an Error whose message is the user's sentence. */
  generateForChat(request: ChatImageRequest, signal: AbortSignal): Promise<ChatImageAnswer>;
  /** An action on a chat answer's image file. */
  act(
    action: ChatImageAction,
    file: string,
    about: { model: string; prompt: string; revisedPrompt?: string },
  ): Promise<void>;
  readonly gallery: GallerySource;
  /** Where generated images are kept (the chat view may load them). */
  readonly filesDir: string;
}

export function registerImage(context: vscode.ExtensionContext, services: Services): ImageService {
  const store = ImageStore.forStorage(context.globalStorageUri, services.logger);
  const runner = new ImageRunner(services, store);
  context.subscriptions.push(store, trackMarkdownEditors());

  /** Palette and explorer runs: a progress notification, then the preview or one sentence. */
  const runWithProgress = async (request: ImageRequest): Promise<void> => {
    const title = request.edit
      ? vscode.l10n.t('Editing {0} with {1}', path.basename(request.edit.source), request.model)
      : vscode.l10n.t('Generating image with {0}', request.model);
    try {
      const result = await withImageProgress(title, (signal, report) => runner.run(request, signal, report));
      if (!result) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Stopped waiting for the image. A request the gateway already accepted may still be charged.'),
        );
        return;
      }
      ImagePreviewPanel.show(services, result.generation);
      if (result.partialFailures.length)
        void vscode.window.showWarningMessage(
          vscode.l10n.t('Some images were not saved: {0}', result.partialFailures.join(' ')),
        );
    } catch (e) {
      const message = e instanceof ImageFailure ? e.message : String(e);
      const again = vscode.l10n.t('Generate Again');
      const log = vscode.l10n.t('Show Log');
      const choice = await vscode.window.showErrorMessage(
        request.edit
          ? vscode.l10n.t('The image was not edited: {0}', message)
          : vscode.l10n.t('The image was not made: {0}', message),
        ...(request.edit ? [log] : [again, log]),
      );
      if (choice === again)
        void vscode.commands.executeCommand(CommandId.generateImage, { model: request.model, prompt: request.prompt });
      else if (choice === log) services.logger.show();
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.generateImage, async (args?: unknown) => {
      const request = await askForImageRequest(services, sanitizeArgs(args));
      if (request) await runWithProgress(request);
    }),
    vscode.commands.registerCommand(CommandId.editImage, async (uri?: unknown) => {
      let target = uri instanceof vscode.Uri ? uri : undefined;
      if (!target) {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: false,
          openLabel: vscode.l10n.t('Edit Image'),
          filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp'] },
        });
        target = picked?.[0];
      }
      if (!target) return;
      const image = await readEditImage(target);
      if (typeof image === 'string') return void vscode.window.showErrorMessage(image);
      const request = await askForEditRequest(services, target, image);
      if (request) await runWithProgress(request);
    }),
    vscode.window.registerWebviewPanelSerializer(IMAGE_PREVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const id = state && typeof state === 'object' ? (state as { generationId?: unknown }).generationId : undefined;
        const g = typeof id === 'string' ? await store.get(id) : undefined;
        if (!g) return panel.dispose();
        ImagePreviewPanel.revive(services, panel, g);
      },
    }),
  );

  return {
    async act(action, file, about) {
      switch (action) {
        case 'open':
          ImagePreviewPanel.show(services, {
            id: `chat-${path.basename(file).replace(/[^\w-]+/g, '-')}`,
            kind: 'generate',
            model: about.model,
            prompt: about.prompt,
            count: 1,
            createdAt: (await fsp.stat(file)).mtimeMs,
            files: [file],
            ...(about.revisedPrompt ? { revisedPrompt: about.revisedPrompt } : {}),
          });
          return;
        case 'saveAs':
          return saveImageAs(file);
        case 'reveal':
          return revealImage(file);
        case 'insertMarkdown':
          return insertImageMarkdown(file, about.prompt);
        case 'generateAgain':
          await generateImageAgain(about.model, about.prompt);
          return;
        case 'edit':
          await editImageFile(file);
          return;
        case 'copy':
          // The chat copies through its own webview (the host's clipboard takes text only).
          return;
      }
    },
    gallery: imageGallerySource(services, store),
    filesDir: store.filesDir,
    isImageModel: (model, endpointTypes) => modelKind(model, endpointTypes) === 'image',
    confirmPaidGeneration: (model) => confirmPaidImage(model),
    async generateForChat(request, signal) {
      let result;
      try {
        result = await runner.run(
          {
            model: request.model,
            prompt: request.prompt,
            count: 1,
            ...(request.image ? { edit: await attachedForEdit(store.filesDir, request.image) } : {}),
            ...(request.profile ? { profile: request.profile } : {}),
          },
          signal,
        );
      } catch (e) {
        if (e instanceof ImageFailure) throw new Error(e.message);
        throw e;
      }
      const g = result.generation;
      const images = [];
      for (const file of g.files) {
        const bytes = await fsp.readFile(file);
        const mime = sniffImageType(bytes) ?? 'image/png';
        const size = imageDimensions(bytes) ?? { width: 0, height: 0 };
        images.push({
          name: path.basename(file),
          mime,
          dataUrl: `data:${mime};base64,${bytes.toString('base64')}`,
          ...size,
        });
      }
      return {
        images,
        files: g.files,
        ...(g.revisedPrompt ? { revisedPrompt: g.revisedPrompt } : {}),
        ...(g.requestId ? { requestId: g.requestId } : {}),
        ...(result.partialFailures.length ? { partialFailure: result.partialFailures.join(' ') } : {}),
      };
    },
  };
}

/**
 * An image attached to a chat prompt, as the original of an edit: its bytes checked, and a copy in the images folder
 * (the result is saved beside it, as every edit's is).
 */
async function attachedForEdit(dir: string, image: StoredImage): Promise<NonNullable<ImageRequest['edit']>> {
  const bytes = decodeBase64Image(image.dataUrl);
  const mimeType = bytes && sniffImageType(bytes);
  if (!bytes || !mimeType) throw new ImageFailure(vscode.l10n.t('only PNG, JPEG and WebP images can be edited'));
  const stem =
    path
      .basename(image.name)
      .replace(/\.[a-z]+$/i, '')
      .replace(/[^\p{L}\p{N}_-]+/gu, '-') || 'image';
  const source = await writeImageFile(dir, stem, bytes);
  return { source, image: { data: bytes, mimeType, fileName: path.basename(source) } };
}

/** Command arguments can come from anywhere (a keybinding, another extension): keep only strings. */
function sanitizeArgs(args: unknown): GenerateImageArgs {
  if (!args || typeof args !== 'object') return {};
  const a = args as Record<string, unknown>;
  return {
    model: typeof a.model === 'string' && a.model.length < 100 ? a.model : undefined,
    prompt: typeof a.prompt === 'string' ? a.prompt.slice(0, 10_000) : undefined,
  };
}
