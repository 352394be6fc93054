// Messages between the image preview webview and the host, with the check the host applies at the border.

export type ImageAction = 'saveAs' | 'copy' | 'reveal' | 'insertMarkdown' | 'generateAgain' | 'edit';
const IMAGE_ACTIONS: readonly ImageAction[] = ['saveAs', 'copy', 'reveal', 'insertMarkdown', 'generateAgain', 'edit'];

interface ImagePreviewFile {
  /** The file's name on disk (shown, never used as a path by the webview). */
  name: string;
  /** `asWebviewUri` of the local file. */
  src: string;
}

export interface ImagePreviewView {
  generationId: string;
  prompt: string;
  revisedPrompt?: string;
  model: string;
  /** e.g. `1024x1024 · high`, already formatted. */
  options: string;
  /** Already formatted in the user's locale by the host. */
  date: string;
  files: ImagePreviewFile[];
}

/** Every label the preview shows, localized by the host. */
export interface ImagePreviewStrings {
  prompt: string;
  revisedPrompt: string;
  model: string;
  options: string;
  date: string;
  saveAs: string;
  copy: string;
  reveal: string;
  insertMarkdown: string;
  generateAgain: string;
  edit: string;
  imageLabel: string;
  resultOf: string;
  loadError: string;
  copied: string;
  copyFailed: string;
}

export type ImageHostToWebview =
  | { type: 'image/show'; view: ImagePreviewView; strings: ImagePreviewStrings }
  /** The bytes to put on the clipboard (the webview alone can write an image to it). */
  | { type: 'image/copyData'; index: number; dataUrl: string };

export type ImageWebviewToHost =
  | { type: 'image/ready' }
  | { type: 'image/action'; action: ImageAction; index: number }
  | { type: 'image/loaded'; index: number; width: number; height: number }
  | { type: 'image/copied'; index: number; ok: boolean; detail?: string };

/** Validates a message from the webview; anything unexpected is undefined. */
export function parseImageWebviewMessage(value: unknown): ImageWebviewToHost | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const index =
    typeof v.index === 'number' && Number.isInteger(v.index) && v.index >= 0 && v.index < 100 ? v.index : undefined;
  const dim = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 100_000 ? x : undefined);
  switch (v.type) {
    case 'image/ready':
      return { type: 'image/ready' };
    case 'image/action':
      if (
        index === undefined ||
        typeof v.action !== 'string' ||
        !(IMAGE_ACTIONS as readonly string[]).includes(v.action)
      )
        return undefined;
      return { type: 'image/action', action: v.action as ImageAction, index };
    case 'image/loaded': {
      const width = dim(v.width);
      const height = dim(v.height);
      if (index === undefined || width === undefined || height === undefined) return undefined;
      return { type: 'image/loaded', index, width, height };
    }
    case 'image/copied':
      if (index === undefined || typeof v.ok !== 'boolean') return undefined;
      return {
        type: 'image/copied',
        index,
        ok: v.ok,
        ...(typeof v.detail === 'string' ? { detail: v.detail.slice(0, 300) } : {}),
      };
    default:
      return undefined;
  }
}
