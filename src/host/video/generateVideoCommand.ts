// `AppleRouter: Generate Video…`: model, prompt, optional reference image, paid-credits confirmation.
import * as vscode from 'vscode';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { describeVeoModel, veoModelsToOffer, VEO_MODEL_IDS } from '../../core/video';
import { MAX_REFERENCE_BYTES, sniffImageType } from '../../core/video';
import type { Services } from '../services';
import type { ReferenceImage, VideoRequest } from './videoRunContext';
import { videoSettings } from '../settings';
import { askText, BACK, confirmPaidCredits, pick, type PickItem } from '../generationSteps';

/** Arguments "Generate again" passes to pre-fill the steps. */
export interface GenerateVideoArgs {
  model?: string;
  prompt?: string;
}

/** A sentence such as "Flagship · portrait 9:16 (720×1280) · Flash Sale (cheaper)". */
function describeModelForUser(id: string): string {
  const info = describeVeoModel(id);
  const parts = [
    info.tier === 'fast' ? vscode.l10n.t('Fast') : vscode.l10n.t('Flagship, highest quality'),
    info.orientation === 'landscape'
      ? vscode.l10n.t('landscape 16:9 (1280×720)')
      : vscode.l10n.t('portrait 9:16 (720×1280)'),
  ];
  if (info.flashSale) parts.push(vscode.l10n.t('Flash Sale (cheaper)'));
  return parts.join(' · ');
}

/** The file dialog was closed or the file refused: show step 3 again. */
const AGAIN = Symbol('again');

function modelItems(ids: readonly string[]): PickItem<string>[] {
  return ids.map((id) => ({ value: id, label: id, description: describeModelForUser(id) }));
}

/** The gateway's veo models when it lists any; the known ones until it answers. */
function listedVideoModels(services: Services): Promise<PickItem<string>[] | undefined> {
  return services.models
    .models('video', undefined, { signal: AbortSignal.timeout(10_000) })
    .then((models) => modelItems(veoModelsToOffer(models.map((m) => m.id))))
    .catch((e: unknown) => {
      services.logger.tagged('video').debug(`model list unavailable: ${String(e)}`);
      return undefined;
    });
}

async function chooseImage(): Promise<ReferenceImage | typeof AGAIN> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Use as Reference'),
    filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp'] },
  });
  const uri = picked?.[0];
  if (!uri) return AGAIN;
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_REFERENCE_BYTES) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'The image is {0} MB; reference images may be at most 10 MB.',
        (stat.size / 1024 / 1024).toFixed(1),
      ),
    );
    return AGAIN;
  }
  const data = uri.scheme === 'file' ? await fsp.readFile(uri.fsPath) : await vscode.workspace.fs.readFile(uri);
  const mimeType = sniffImageType(data);
  if (!mimeType) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('{0} is not a PNG, JPEG or WebP image.', path.basename(uri.fsPath)),
    );
    return AGAIN;
  }
  return { data, mimeType, fileName: path.basename(uri.fsPath) };
}

/** Asks before a paid video generation, from any surface (palette, chat). */
export function confirmPaidGeneration(model: string): Promise<boolean> {
  return confirmPaidCredits(vscode.l10n.t('Generate a video with {0}?', model), videoSettings);
}

/** Runs the steps; undefined when the user cancels anywhere. */
export async function askForVideoRequest(
  services: Services,
  args: GenerateVideoArgs = {},
): Promise<VideoRequest | undefined> {
  const title = vscode.l10n.t('Generate Video');
  const editor = vscode.window.activeTextEditor;
  const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).trim() : '';
  let model = args.model ?? videoSettings.model;
  let prompt = args.prompt ?? selection;
  let image: ReferenceImage | undefined;
  for (let step = 1; step <= 3;) {
    if (step === 1) {
      const m = await pick<string>({
        title,
        step: 1,
        totalSteps: 3,
        placeholder: vscode.l10n.t('Choose a veo model'),
        items: modelItems(VEO_MODEL_IDS),
        active: model,
        back: false,
        // Offer what the gateway lists when it lists any; never wait for it before showing the picker.
        later: listedVideoModels(services),
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
        prompt: vscode.l10n.t('Describe the video: subject, action, setting, style, camera, sound.'),
        placeholder: vscode.l10n.t('A cat playing the piano in a sunlit room, cinematic, soft jazz'),
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
      // Step 3: no image, or one chosen in a file dialog.
      const choose = await pick<boolean>({
        title,
        step: 3,
        totalSteps: 3,
        placeholder: vscode.l10n.t('Optionally start from a reference image (image-to-video)'),
        items: [
          {
            value: false,
            label: `$(play) ${vscode.l10n.t('No reference image')}`,
            description: vscode.l10n.t('text to video'),
          },
          {
            value: true,
            label: `$(file-media) ${vscode.l10n.t('Choose an image…')}`,
            description: vscode.l10n.t('PNG, JPEG or WebP, up to 10 MB'),
          },
        ],
        back: true,
      });
      if (choose === undefined) return undefined;
      if (choose === BACK) {
        step = 2;
        continue;
      }
      const r = choose ? await chooseImage() : undefined;
      if (r === AGAIN) continue;
      image = r;
      step = 4;
    }
  }
  if (!(await confirmPaidGeneration(model))) return undefined;
  return { model, prompt, image, endpoint: videoSettings.endpoint };
}
