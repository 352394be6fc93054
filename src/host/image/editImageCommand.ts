// "Edit Image with AppleRouter…": model, prompt and an optional mask for a PNG, JPEG or WebP file; the paid question.
import * as vscode from 'vscode';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { ImageFile } from '../../core';
import { DEFAULT_IMAGE_MODEL, KNOWN_IMAGE_MODELS } from '../../core/image';
import { sniffImageType } from '../../core/video';
import type { Services } from '../services';
import { confirmPaidImage, listedImageModels, modelItems } from './generateImageCommand';
import type { ImageRequest } from './imageRunner';
import { askText, BACK, pick } from '../generationSteps';

/** The largest image (or mask) sent for an edit. */
const MAX_EDIT_IMAGE_BYTES = 25 * 1024 * 1024;

/** Reads a file the user chose as an image for an edit; a sentence for the user when it cannot be one. */
export async function readEditImage(uri: vscode.Uri): Promise<ImageFile | string> {
  if (uri.scheme !== 'file') return vscode.l10n.t('Only images on this computer can be edited.');
  const name = path.basename(uri.fsPath);
  let stat;
  try {
    stat = await fsp.stat(uri.fsPath);
  } catch {
    return vscode.l10n.t('{0} could not be read.', name);
  }
  if (!stat.isFile()) return vscode.l10n.t('{0} is not a file.', name);
  if (stat.size > MAX_EDIT_IMAGE_BYTES)
    return vscode.l10n.t(
      '{0} is {1} MB; images for an edit may be at most {2} MB.',
      name,
      (stat.size / 1048576).toFixed(1),
      MAX_EDIT_IMAGE_BYTES / 1048576,
    );
  const data = await fsp.readFile(uri.fsPath);
  const mimeType = sniffImageType(data);
  if (!mimeType) return vscode.l10n.t('{0} is not a PNG, JPEG or WebP image.', name);
  return { data, mimeType, fileName: name };
}

/** The steps of an edit of `source`; undefined when the user cancels anywhere. */
export async function askForEditRequest(
  services: Services,
  source: vscode.Uri,
  image: ImageFile,
): Promise<ImageRequest | undefined> {
  const title = vscode.l10n.t('Edit Image: {0}', path.basename(source.fsPath));
  let model = DEFAULT_IMAGE_MODEL;
  let prompt = '';
  let mask: ImageFile | undefined;
  for (let step = 1; ;) {
    if (step === 1) {
      const m = await pick<string>({
        title,
        step: 1,
        totalSteps: 3,
        placeholder: vscode.l10n.t('Choose an image model'),
        items: modelItems(KNOWN_IMAGE_MODELS),
        active: model,
        back: false,
        later: listedImageModels(services),
      });
      if (m === undefined || m === BACK) return undefined;
      model = m;
      step = 2;
    } else if (step === 2) {
      const p = await askText({
        title,
        step: 2,
        totalSteps: 3,
        value: prompt,
        prompt: vscode.l10n.t('Describe the change: what to add, remove or restyle.'),
        placeholder: vscode.l10n.t('Make the sky a warm sunset; keep everything else'),
        back: true,
      });
      if (p === undefined) return undefined;
      if (p === BACK) {
        step = 1;
        continue;
      }
      prompt = p;
      step = 3;
    } else {
      const choice = await pick<'none' | 'choose'>({
        title,
        step: 3,
        totalSteps: 3,
        placeholder: vscode.l10n.t('Optionally limit the change with a mask (Enter for none)'),
        items: [
          {
            value: 'none',
            label: `$(circle-slash) ${vscode.l10n.t('No mask')}`,
            description: vscode.l10n.t('the model may change the whole image'),
          },
          {
            value: 'choose',
            label: `$(file-media) ${vscode.l10n.t('Choose a mask…')}`,
            description: vscode.l10n.t('a PNG of the same size, transparent where the image may change'),
          },
        ],
        active: 'none',
        back: true,
      });
      if (choice === undefined) return undefined;
      if (choice === BACK) {
        step = 2;
        continue;
      }
      if (choice === 'choose') {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: false,
          defaultUri: vscode.Uri.file(path.dirname(source.fsPath)),
          openLabel: vscode.l10n.t('Use as Mask'),
          filters: { [vscode.l10n.t('Images')]: ['png'] },
        });
        if (!picked?.[0]) continue;
        const m = await readEditImage(picked[0]);
        if (typeof m === 'string') {
          void vscode.window.showErrorMessage(m);
          continue;
        }
        mask = m;
      }
      if (!(await confirmPaidImage(model, true))) return undefined;
      return { model, prompt, count: 1, edit: { source: source.fsPath, image, ...(mask ? { mask } : {}) } };
    }
  }
}
