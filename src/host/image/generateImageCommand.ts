// `AppleRouter: Generate Image…`: model, prompt, size, quality and count (each with a default), then the paid-credits question.
import * as vscode from 'vscode';
import { DEFAULT_IMAGE_MODEL, imageModelOptions, imageModelsToOffer, KNOWN_IMAGE_MODELS } from '../../core/image';
import type { Services } from '../services';
import { imageSettings } from '../settings';
import type { ImageRequest } from './imageRunner';
import { askText, BACK, confirmPaidCredits, pick, type PickItem } from '../generationSteps';

/** Arguments "Generate Again" passes to pre-fill the steps. */
export interface GenerateImageArgs {
  model?: string;
  prompt?: string;
}

const LAST_MODEL_KEY = 'applerouter.image.lastModel';

/** Asks before a paid image generation or edit, from any surface (palette, chat, explorer). */
export function confirmPaidImage(model: string, edit = false): Promise<boolean> {
  return confirmPaidCredits(
    edit ? vscode.l10n.t('Edit the image with {0}?', model) : vscode.l10n.t('Generate images with {0}?', model),
    imageSettings,
  );
}

export function modelItems(ids: readonly string[]): PickItem<string>[] {
  return ids.map((id) => ({
    value: id,
    label: id,
    description: KNOWN_IMAGE_MODELS.includes(id) ? undefined : vscode.l10n.t('listed by the gateway'),
  }));
}

/** The gateway's image models (endpoint type `image-generation`, or known names); the known ones until it answers. */
export function listedImageModels(services: Services): Promise<PickItem<string>[] | undefined> {
  return services.models
    .list(undefined, { signal: AbortSignal.timeout(10_000) })
    .then((models) => modelItems(imageModelsToOffer(models)))
    .catch((e: unknown) => {
      services.logger.tagged('image').debug(`model list unavailable: ${String(e)}`);
      return undefined;
    });
}

interface ImageOptionsAnswer {
  size?: string;
  quality?: string;
  count: number;
}

/** Steps for size, quality and count from `first` on; a model without qualities or with one image skips those. */
async function askImageOptions(
  title: string,
  model: string,
  first: number,
  total: number,
): Promise<ImageOptionsAnswer | typeof BACK | undefined> {
  const o = imageModelOptions(model);
  let size: string | undefined;
  let quality: string | undefined;
  for (let step = 0; step < 3;) {
    const back = true;
    if (step === 0) {
      const r = await pick<string>({
        title,
        step: first,
        totalSteps: total,
        placeholder: vscode.l10n.t('Image size (Enter for {0})', o.sizes[0]!),
        items: o.sizes.map((s) => ({ value: s, label: s === 'auto' ? vscode.l10n.t('auto (the model decides)') : s })),
        active: o.sizes[0],
        back,
      });
      if (r === undefined || r === BACK) return r;
      size = r;
      step = 1;
    } else if (step === 1) {
      if (o.qualities.length === 0) {
        step = 2;
        continue;
      }
      const r = await pick<string>({
        title,
        step: first + 1,
        totalSteps: total,
        placeholder: vscode.l10n.t('Quality (Enter for {0})', o.qualities[0]!),
        items: o.qualities.map((q) => ({ value: q, label: q })),
        active: o.qualities[0],
        back,
      });
      if (r === undefined) return undefined;
      if (r === BACK) {
        step = 0;
        continue;
      }
      quality = r;
      step = 2;
    } else {
      if (o.maxCount <= 1) return { size, quality, count: 1 };
      const r = await pick<number>({
        title,
        step: first + 2,
        totalSteps: total,
        placeholder: vscode.l10n.t('How many images (Enter for 1)'),
        items: Array.from({ length: o.maxCount }, (_, i) => ({
          value: i + 1,
          label: String(i + 1),
          description: i === 0 ? undefined : vscode.l10n.t('each image is charged'),
        })),
        active: 1,
        back,
      });
      if (r === undefined) return undefined;
      if (r === BACK) {
        step = o.qualities.length ? 1 : 0;
        continue;
      }
      return { size, quality, count: r };
    }
  }
  return undefined;
}

/** Runs the steps; undefined when the user cancels anywhere. */
export async function askForImageRequest(
  services: Services,
  args: GenerateImageArgs = {},
): Promise<ImageRequest | undefined> {
  const title = vscode.l10n.t('Generate Image');
  const editor = vscode.window.activeTextEditor;
  const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).trim() : '';
  const state = services.context.globalState;
  let model = args.model ?? state.get<string>(LAST_MODEL_KEY) ?? DEFAULT_IMAGE_MODEL;
  let prompt = args.prompt ?? selection;
  const total = 5;
  for (let step = 1; ;) {
    if (step === 1) {
      const known = modelItems(
        KNOWN_IMAGE_MODELS.includes(model) ? KNOWN_IMAGE_MODELS : [model, ...KNOWN_IMAGE_MODELS],
      );
      const m = await pick<string>({
        title,
        step: 1,
        totalSteps: total,
        placeholder: vscode.l10n.t('Choose an image model'),
        items: known,
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
        totalSteps: total,
        value: prompt,
        prompt: vscode.l10n.t('Describe the image: subject, setting, style, light, composition.'),
        placeholder: vscode.l10n.t('A red fox in fresh snow at dawn, watercolour'),
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
      const o = await askImageOptions(title, model, 3, total);
      if (o === undefined) return undefined;
      if (o === BACK) {
        step = 2;
        continue;
      }
      if (!(await confirmPaidImage(model))) return undefined;
      await state.update(LAST_MODEL_KEY, model);
      return { model, prompt, size: o.size, quality: o.quality, count: o.count };
    }
  }
}
