// `AppleRouter: Generate Video…`: model, prompt, optional reference image, paid-credits confirmation.
import * as vscode from 'vscode';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { describeVeoModel, veoModelsToOffer, VEO_MODEL_IDS } from '../../core/video';
import { MAX_REFERENCE_BYTES, sniffImageType } from '../../core/video';
import type { Services } from '../services';
import type { ReferenceImage, VideoRequest } from './videoRunContext';
import { videoSettings } from '../settings';

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

const BACK = Symbol('back');
/** The file dialog was closed or the file refused: show step 3 again. */
const AGAIN = Symbol('again');
type Step<T> = Promise<T | typeof BACK | undefined>;

function pickModel(services: Services, title: string, initial: string): Step<string> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
    qp.title = title;
    qp.step = 1;
    qp.totalSteps = 3;
    qp.placeholder = vscode.l10n.t('Choose a veo model');
    qp.ignoreFocusOut = true;
    const setItems = (ids: string[]) => {
      // Replacing identical items would only move the highlight under the user's cursor.
      if (ids.length === qp.items.length && ids.every((id, i) => qp.items[i]?.id === id)) return;
      const active = qp.activeItems[0]?.id ?? initial;
      qp.items = ids.map((id) => ({ id, label: id, description: describeModelForUser(id), picked: id === initial }));
      const again = qp.items.find((i) => i.id === active);
      if (again) qp.activeItems = [again];
    };
    setItems([...VEO_MODEL_IDS]);
    // Offer what the gateway lists when it lists any; never wait for it before showing the picker.
    qp.busy = true;
    void services.models
      .models('video', undefined, { signal: AbortSignal.timeout(10_000) })
      .then((models) => setItems(veoModelsToOffer(models.map((m) => m.id))))
      .catch((e: unknown) => services.logger.tagged('video').debug(`model list unavailable: ${String(e)}`))
      .finally(() => (qp.busy = false));
    let done = false;
    qp.onDidAccept(() => {
      const id = qp.selectedItems[0]?.id ?? qp.activeItems[0]?.id;
      if (!id) return;
      done = true;
      resolve(id);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

function inputPrompt(title: string, initial: string): Step<string> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = title;
    box.step = 2;
    box.totalSteps = 3;
    box.value = initial;
    box.prompt = vscode.l10n.t('Describe the video: subject, action, setting, style, camera, sound.');
    box.placeholder = vscode.l10n.t('A cat playing the piano in a sunlit room, cinematic, soft jazz');
    box.ignoreFocusOut = true;
    box.buttons = [vscode.QuickInputButtons.Back];
    let done = false;
    box.onDidChangeValue((v) => (box.validationMessage = v.trim() ? undefined : vscode.l10n.t('Enter a prompt.')));
    box.onDidTriggerButton(() => {
      done = true;
      resolve(BACK);
      box.hide();
    });
    box.onDidAccept(() => {
      if (!box.value.trim()) {
        box.validationMessage = vscode.l10n.t('Enter a prompt.');
        return;
      }
      done = true;
      resolve(box.value.trim());
      box.hide();
    });
    box.onDidHide(() => {
      if (!done) resolve(undefined);
      box.dispose();
    });
    box.show();
  });
}

/** Step 3: no image, or one chosen in a file dialog. Resolves `null` for "no image". */
function pickReference(title: string): Step<ReferenceImage | null | typeof AGAIN> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { choose: boolean }>();
    qp.title = title;
    qp.step = 3;
    qp.totalSteps = 3;
    qp.placeholder = vscode.l10n.t('Optionally start from a reference image (image-to-video)');
    qp.ignoreFocusOut = true;
    qp.buttons = [vscode.QuickInputButtons.Back];
    qp.items = [
      {
        label: `$(play) ${vscode.l10n.t('No reference image')}`,
        description: vscode.l10n.t('text to video'),
        choose: false,
      },
      {
        label: `$(file-media) ${vscode.l10n.t('Choose an image…')}`,
        description: vscode.l10n.t('PNG, JPEG or WebP, up to 10 MB'),
        choose: true,
      },
    ];
    let done = false;
    qp.onDidTriggerButton(() => {
      done = true;
      resolve(BACK);
      qp.hide();
    });
    qp.onDidAccept(async () => {
      const item = qp.selectedItems[0];
      if (!item) return;
      done = true;
      qp.hide();
      if (!item.choose) return resolve(null);
      resolve(await chooseImage());
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
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

/** Asks before a paid generation, from any surface (palette, chat); "Don't Ask Again" turns it off for the user. */
export async function confirmPaidGeneration(model: string): Promise<boolean> {
  if (!videoSettings.confirmPaidCredits) return true;
  const go = vscode.l10n.t('Generate');
  const always = vscode.l10n.t("Generate, Don't Ask Again");
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Generate a video with {0}?', model),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Each generation spends paid credits on your gateway account, also when you stop waiting for it.',
      ),
    },
    go,
    always,
  );
  if (choice === always) await videoSettings.disableConfirmation();
  return choice === go || choice === always;
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
      const m = await pickModel(services, title, model);
      if (m === undefined || m === BACK) return undefined;
      model = m;
      step = 2;
    } else if (step === 2) {
      const p = await inputPrompt(title, prompt);
      if (p === undefined) return undefined;
      if (p === BACK) {
        step = 1;
        continue;
      }
      prompt = p;
      step = 3;
    } else {
      const r = await pickReference(title);
      if (r === undefined) return undefined;
      if (r === BACK) {
        step = 2;
        continue;
      }
      if (r === AGAIN) continue;
      image = r ?? undefined;
      step = 4;
    }
  }
  if (!(await confirmPaidGeneration(model))) return undefined;
  return { model, prompt, image, endpoint: videoSettings.endpoint };
}
