// Runs one image generation or edit: the gateway call, the images onto disk, the gallery record, every way it can end.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { describeError, GatewayError, type ImageFile } from '../../core';
import { DownloadError } from '../../core/video';
import { fetchPolicyFor } from '../../core/net';
import { editedFileStem, imageFileStem, NotAnImageError, saveImages, type ImageGeneration } from '../../core/image';
import { DEFAULT_PROFILE_ID } from '../../core/profiles';
import { isCancellation, userMessageFor } from '../errors';
import type { Services } from '../services';
import { newGenerationId, type ImageStore } from './imageStore';

export interface ImageRequest {
  model: string;
  prompt: string;
  size?: string;
  quality?: string;
  count: number;
  /** An edit: the original file (the result is saved beside it), its bytes and an optional mask. */
  edit?: { source: string; image: ImageFile; mask?: ImageFile };
  /** The gateway profile (absent: the open conversation's). */
  profile?: string;
}

/** The generation failed; `message` is the one sentence for the user (the gateway's message and request id). */
export class ImageFailure extends Error {}

/** An answer can take minutes before its headers (the gateway answers when the images exist). */
const IMAGE_TIMEOUTS = { connectMs: 5 * 60_000, firstByteMs: 5 * 60_000, idleMs: 2 * 60_000 };

interface ImageResult {
  generation: ImageGeneration;
  /** Sentences for images that were not saved (the others were). */
  partialFailures: string[];
}

export class ImageRunner {
  constructor(
    private readonly services: Services,
    private readonly store: ImageStore,
  ) {}

  private log(message: string): void {
    this.services.logger.info(`[image] ${message}`);
  }

  /**
   * Calls the gateway and saves the images; throws ImageFailure with the user's sentence, or the cancellation. Used by
   * the palette (inside a progress notification) and by the chat (inside its answer).
   */
  async run(request: ImageRequest, signal: AbortSignal, report: (message: string) => void = () => undefined) {
    const profile = request.profile ?? this.activeProfile();
    const client = this.services.getClient(profile);
    const id = newGenerationId();
    const createdAt = Date.now();
    this.log(`${id}: ${request.edit ? 'edit' : 'generate'} ${request.model} ×${request.count} ${request.size ?? ''}`);
    if (!(await this.services.profiles.keyStore(profile).get()))
      throw new ImageFailure(
        userMessageFor(new GatewayError('auth', vscode.l10n.t('no API key is set')), this.services),
      );
    const call = {
      model: request.model,
      prompt: request.prompt,
      size: request.size,
      quality: request.quality,
      n: request.count,
    };
    let answer;
    try {
      answer = request.edit
        ? await client.editImage({ ...call, image: request.edit.image, mask: request.edit.mask }, signal, {
            timeouts: IMAGE_TIMEOUTS,
          })
        : await client.generateImages(call, signal, { timeouts: IMAGE_TIMEOUTS });
    } catch (e) {
      if (signal.aborted || isCancellation(e)) throw e;
      this.services.logger.error(`[image] ${id}: ${describeError(e)}`);
      throw new ImageFailure(userMessageFor(e, this.services));
    }
    const answeredAt = Date.now();
    const urls = answer.images.filter((i) => i.kind === 'url').length;
    this.log(
      `${id}: ${answer.images.length} image(s), ${urls} by URL${answer.requestId ? `, id=${answer.requestId}` : ''}`,
    );
    report(
      urls > 0
        ? vscode.l10n.t('Downloading {0} image(s)…', answer.images.length)
        : vscode.l10n.t('Saving {0} image(s)…', answer.images.length),
    );
    const dir = request.edit ? path.dirname(request.edit.source) : this.store.filesDir;
    const date = new Date(createdAt);
    const agent = this.services.transport.getAgent();
    const saved = await saveImages(answer.images, {
      dir,
      stem: (i) =>
        request.edit ? editedFileStem(request.edit.source, i) : imageFileStem(date, request.model, request.prompt, i),
      policy: fetchPolicyFor(this.services.profiles.get(profile).baseUrl),
      signal,
      ...(agent ? { agent } : {}),
    });
    const failures = saved.failures.map((e) => this.saveFailureSentence(e, answer.requestId));
    for (const e of saved.failures) this.services.logger.error(`[image] ${id}: not saved: ${describeError(e)}`);
    if (saved.files.length === 0) throw new ImageFailure(failures[0] ?? vscode.l10n.t('the answer had no image'));
    const revised = answer.images.find((i) => i.revisedPrompt)?.revisedPrompt;
    const generation: ImageGeneration = {
      id,
      kind: request.edit ? 'edit' : 'generate',
      model: request.model,
      prompt: request.prompt,
      count: request.count,
      createdAt,
      files: saved.files,
      ...(request.size ? { size: request.size } : {}),
      ...(request.quality ? { quality: request.quality } : {}),
      ...(revised ? { revisedPrompt: revised } : {}),
      ...(request.edit ? { source: request.edit.source } : {}),
      ...(answer.requestId ? { requestId: answer.requestId } : {}),
      ...(profile !== DEFAULT_PROFILE_ID ? { profile } : {}),
    };
    await this.store.put(generation);
    this.log(`${id}: saved ${saved.files.length} file(s) ${Date.now() - answeredAt} ms after the answer`);
    return { generation, partialFailures: failures } satisfies ImageResult;
  }

  private activeProfile(): string {
    return this.services.profiles.activeId;
  }

  /** One sentence for an image that could not be saved, with the request id of the answer that named it. */
  private saveFailureSentence(e: unknown, requestId: string | undefined): string {
    let why: string;
    if (e instanceof DownloadError) {
      const proxy = e.status === 407 ? this.services.transport.proxyAuthMessage() : undefined;
      switch (e.kind) {
        case 'tooLarge':
          why = vscode.l10n.t('the image is larger than the download limit');
          break;
        case 'http':
          why =
            proxy ?? vscode.l10n.t('the image link answered {0}; signed links expire, so generate again', e.message);
          break;
        case 'notVideo':
          why = vscode.l10n.t('the image link returned a web page instead of an image ({0})', e.message);
          break;
        case 'refused':
          why = vscode.l10n.t('the image link was refused for safety ({0})', e.message);
          break;
        default:
          why = vscode.l10n.t('the download failed ({0})', e.message);
      }
    } else if (e instanceof NotAnImageError) {
      why = vscode.l10n.t('the gateway sent something that is not a PNG, JPEG or WebP image');
    } else {
      why = describeError(e);
    }
    return requestId ? vscode.l10n.t('{0} (request id {1})', why, requestId) : why;
  }
}

/** Runs `body` in a progress notification whose Cancel aborts the request; undefined when the user cancelled. */
export async function withImageProgress<T>(
  title: string,
  body: (signal: AbortSignal, report: (message: string) => void) => Promise<T>,
): Promise<T | undefined> {
  const controller = new AbortController();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      progress.report({ message: vscode.l10n.t('Waiting for the gateway…') });
      try {
        return await body(controller.signal, (message) => progress.report({ message }));
      } catch (e) {
        if (controller.signal.aborted || isCancellation(e)) return undefined;
        throw e;
      }
    },
  );
}
