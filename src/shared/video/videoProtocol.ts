// Messages between the video preview webview and the host, with the check the host applies at the border.

export type VideoAction = 'saveAs' | 'reveal' | 'openExternal' | 'copySource' | 'generateAgain';
const VIDEO_ACTIONS: readonly VideoAction[] = ['saveAs', 'reveal', 'openExternal', 'copySource', 'generateAgain'];

interface VideoPreviewFile {
  /** The file's name on disk (shown, never used as a path by the webview). */
  name: string;
  /** `asWebviewUri` of the local file. */
  src: string;
}

export interface VideoPreviewView {
  jobId: string;
  prompt: string;
  model: string;
  /** Already formatted in the user's locale by the host. */
  date: string;
  files: VideoPreviewFile[];
  hasSourceUrl: boolean;
}

/** Every label the preview shows, localized by the host. */
export interface VideoPreviewStrings {
  prompt: string;
  model: string;
  date: string;
  saveAs: string;
  reveal: string;
  openExternal: string;
  copySource: string;
  generateAgain: string;
  noAudioNote: string;
  playbackError: string;
  videoLabel: string;
  resultOf: string;
}

export type VideoHostToWebview = { type: 'video/show'; view: VideoPreviewView; strings: VideoPreviewStrings };

export type VideoWebviewToHost =
  | { type: 'video/ready' }
  | { type: 'video/action'; action: VideoAction; index: number }
  | { type: 'video/media'; event: 'loadedmetadata' | 'error'; index: number; detail?: string };

/** Validates a message from the webview; anything unexpected is undefined. */
export function parseVideoWebviewMessage(value: unknown): VideoWebviewToHost | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const index =
    typeof v.index === 'number' && Number.isInteger(v.index) && v.index >= 0 && v.index < 100 ? v.index : undefined;
  switch (v.type) {
    case 'video/ready':
      return { type: 'video/ready' };
    case 'video/action':
      if (
        index === undefined ||
        typeof v.action !== 'string' ||
        !(VIDEO_ACTIONS as readonly string[]).includes(v.action)
      )
        return undefined;
      return { type: 'video/action', action: v.action as VideoAction, index };
    case 'video/media':
      if (index === undefined || (v.event !== 'loadedmetadata' && v.event !== 'error')) return undefined;
      return {
        type: 'video/media',
        event: v.event,
        index,
        detail: typeof v.detail === 'string' ? v.detail.slice(0, 300) : undefined,
      };
    default:
      return undefined;
  }
}
