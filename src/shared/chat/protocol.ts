// The typed message protocol between the chat view's host side and its webview; imported by both.
import type { WebviewStrings } from './webviewStrings';

/** Image types the composer accepts and the gateway receives as data URIs. */
export const IMAGE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type ImageMime = (typeof IMAGE_MIME_TYPES)[number];

/** Longest side of an image after the webview downscales it. */
export const MAX_IMAGE_SIDE = 2048;
/** Largest image file the composer takes at all (before downscaling). */
export const MAX_IMAGE_INPUT_BYTES = 20 * 1024 * 1024;
/** Largest data URI one attachment may be after downscaling (what is sent to the host). */
export const MAX_IMAGE_DATA_URL_CHARS = 8 * 1024 * 1024;
export const MAX_IMAGES_PER_MESSAGE = 8;
/** Longest message text the host accepts from the webview. */
export const MAX_TEXT_CHARS = 200_000;
export const MAX_ID_CHARS = 100;
export const MAX_URL_CHARS = 8_192;
export const MAX_CODE_CHARS = 2_000_000;
export const MAX_TITLE_CHARS = 200;
export const MAX_QUERY_CHARS = 500;

export interface ImageAttachment {
  /** File name as the user chose it (display only). */
  name: string;
  mime: ImageMime;
  /** `data:image/…;base64,…` */
  dataUrl: string;
  width: number;
  height: number;
}

interface Usage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

/** A button a notice may carry: Manage Workspace Trust (Restricted Mode). */
export type NoticeAction = 'manageTrust';

export type ErrorAction = 'setApiKey' | 'retry' | 'showLog' | 'dropParameter';

interface ErrorView {
  /** One sentence, already localized, including the gateway's message and request id. */
  message: string;
  requestId?: string;
  actions: ErrorAction[];
  /** The request parameter the gateway rejected (with `dropParameter`). */
  parameter?: string;
}

/** One video of a veo answer, as the webview may load it. */
interface VideoFileView {
  /** The file's name on disk (shown only). */
  name: string;
  /** `asWebviewUri` of the local file, made by the host. */
  src: string;
}

/** The videos of a veo answer: being saved, saved (files), or not made (the error is the message's). */
interface MessageVideoView {
  state: 'saving' | 'done' | 'failed';
  files: VideoFileView[];
}

/**
 * An image model's answer. `files`: the saved images as the webview may load them (`asWebviewUri` of the local
 * files, made by the host); where a file is gone, `files` is absent and the message's `images` (data URIs kept in
 * the conversation) are shown instead. Never a remote URL.
 */
interface MessageImagesView {
  revisedPrompt?: string;
  files?: { name: string; src: string; width: number; height: number }[];
}

/** What one can do with a generated image in the chat (`copy`: the host sends the bytes, the webview copies them). */
export const CHAT_IMAGE_ACTIONS = [
  'open',
  'copy',
  'saveAs',
  'reveal',
  'insertMarkdown',
  'generateAgain',
  'edit',
] as const;
export type ChatImageAction = (typeof CHAT_IMAGE_ACTIONS)[number];

type MessageStatus = 'streaming' | 'done' | 'stopped' | 'interrupted' | 'error';

export interface MessageView {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  images?: ImageAttachment[];
  reasoning?: string;
  model?: string;
  status: MessageStatus;
  error?: ErrorView;
  usage?: Usage;
  /** The estimated cost in USD, from the prices the gateway publishes; absent where it publishes none. */
  costUsd?: number;
  durationMs?: number;
  /** The stream's request id while and after it streams. */
  requestId?: string;
  /** Set on a veo model's answer. */
  video?: MessageVideoView;
  /** Set on an image model's answer: its `images` are the generated images (made and saved by the host). */
  generated?: MessageImagesView;
  /** How many alternatives the answer has (`n` > 1) and which one continues the conversation. */
  choices?: number;
  chosen?: number;
  /** The answer's tool calls, shown as cards. */
  toolCalls?: ToolCallView[];
  /** Calls past the answer's limit, answered with an error and never run: counted in one line, not shown as cards. */
  toolCallsNotRun?: number;
}

/** One tool call as its card shows it; the result is cut for display (the model got the whole capped result). */
export interface ToolCallView {
  id: string;
  name: string;
  arguments: string;
  status: 'pending' | 'running' | 'done' | 'denied' | 'error' | 'cancelled';
  result?: string;
  durationMs?: number;
}

export interface ConversationView {
  id: string;
  title: string;
  model: string;
  /** With several gateway profiles: the profile serving the model. */
  profile?: string;
  systemPrompt: string;
  messages: MessageView[];
  /** The conversation this one was forked from (its id and title at the time). */
  forkedFrom?: { id: string; title: string };
  /** Its oldest messages summarized for requests (the messages themselves are all still here). */
  compaction?: CompactionView;
}

/** A summary that stands for the oldest messages in requests. */
export interface CompactionView {
  summary: string;
  /** The last message it covers: the divider is shown after it. */
  throughId: string;
  messageCount: number;
  model: string;
}

/** How full the next request is against the model's context window, in tokens, by part. */
export interface ContextUsageView {
  used: number;
  window: number;
  system: number;
  tools: number;
  messages: number;
  /** False when the count is an estimate (no tokenizer for the family and no usage report yet). */
  exact: boolean;
}

export interface ModelView {
  id: string;
  video: boolean;
  /** An image model: a message is an image prompt. */
  image?: boolean;
  /** With several gateway profiles: the profile serving the model (id, and its name for the picker's group). */
  profile?: string;
  profileName?: string;
}

/** One row of the parameters popover (values as JSON text; see core/params parameterRows). */
export interface ParameterRowView {
  name: string;
  value: string;
  own: string;
  source: 'conversation' | 'model' | 'global' | 'unset';
  key?: string;
  suppressed: boolean;
  range: string;
}

export interface HistoryItemView {
  id: string;
  title: string;
  updatedAt: number;
  messageCount: number;
  /** The title of the conversation this one was forked from. */
  forkedFrom?: string;
}

/** A context chip in the composer: sent before the next message, removable. */
export interface ContextChipView {
  id: string;
  kind: 'selection' | 'file' | 'openEditors' | 'problems' | 'rules';
  label: string;
  /** Exactly what will be sent for this chip (cut for display when very long). */
  detail: string;
  /** True when the size budget cuts this chip. */
  truncated: boolean;
}

export { STRING_KEYS, type WebviewStrings } from './webviewStrings';

/** Webview → host: imperative names. */
export type WebviewToHost =
  | { type: 'webview/ready' }
  | { type: 'chat/send'; text: string; images: ImageAttachment[] }
  | { type: 'chat/cancel'; requestId: string }
  | { type: 'chat/retry'; messageId: string }
  /** "Send without <parameter> for this model": records null for it in applerouter.modelParameters, then retries. */
  | { type: 'chat/dropParameter'; messageId: string }
  /** "Fork from here": a new conversation with the messages up to and including this one. */
  | { type: 'chat/fork'; messageId: string }
  /** Shows alternative `index` of an answer; it continues the conversation. */
  | { type: 'chat/chooseAlternative'; messageId: string; index: number }
  /** The conversation's own request parameters (API names; `null` = never send); `{}` resets to the defaults. */
  | { type: 'chat/setParameters'; parameters: Record<string, unknown> }
  | { type: 'chat/editAndResend'; messageId: string; text: string }
  /** `profile`: the gateway profile serving the model (absent: the default profile). */
  | { type: 'chat/setModel'; model: string; profile?: string }
  | { type: 'chat/setSystemPrompt'; text: string }
  | { type: 'message/copy'; messageId: string }
  | { type: 'code/copy'; code: string }
  | { type: 'code/insert'; code: string }
  | { type: 'code/open'; code: string; language: string }
  /** Shows the code as a diff against the file beside the chat, with Accept / Reject. */
  | { type: 'code/apply'; code: string; language: string }
  /** Asks the host to pick context (file, selection, open editors, problems, files) for the next message. */
  | { type: 'context/add' }
  | { type: 'context/remove'; id: string }
  /** "Compact now": summarize the oldest messages for requests. */
  | { type: 'context/compact' }
  /** Undo the summary: requests carry every message again. */
  | { type: 'context/undoCompaction' }
  | { type: 'link/open'; url: string }
  /** The user asked to load a remote image shown as a placeholder; the host fetches it (never the webview). */
  | { type: 'image/load'; url: string }
  /** An action on image `index` of an image model's answer. */
  | { type: 'image/act'; messageId: string; index: number; action: ChatImageAction }
  | { type: 'history/list'; query: string }
  | { type: 'history/open'; id: string }
  | { type: 'history/rename'; id: string; title: string }
  | { type: 'history/delete'; id: string }
  | { type: 'history/export'; id: string }
  | { type: 'command/setApiKey' }
  | { type: 'command/showLog' }
  | { type: 'command/manageTrust' };

/** Host → webview: names state a fact. */
export type HostToWebview =
  | { type: 'init/didInit'; strings: WebviewStrings; hasKey: boolean }
  | { type: 'key/didChange'; hasKey: boolean }
  | { type: 'conversation/didLoad'; conversation: ConversationView }
  | { type: 'conversation/didChangeTitle'; title: string }
  | {
      type: 'chat/didStart';
      requestId: string;
      user?: MessageView;
      assistant: MessageView;
      /** The conversation's title after this send (the host names it; the webview only shows it). */ title: string;
    }
  | { type: 'chat/didAppend'; requestId: string; messageId: string; content: string; reasoning: string }
  | { type: 'chat/didFinish'; requestId: string; message: MessageView }
  /** A finished message changed after its stream ended (a veo answer's videos were saved or failed). */
  | { type: 'message/didChange'; message: MessageView }
  /** `selectedProfile`: the open conversation's profile when there are several profiles. */
  | { type: 'models/didLoad'; models: ModelView[]; selected: string; selectedProfile?: string; error?: string }
  | { type: 'history/didList'; items: HistoryItemView[]; query: string }
  | { type: 'notice/didShow'; message: string; action?: NoticeAction }
  | { type: 'view/showHistory' }
  | { type: 'image/didLoad'; url: string; dataUrl: string }
  /** The bytes of a generated image the user asked to copy (only the webview can put an image on the clipboard). */
  | { type: 'image/didReadForCopy'; messageId: string; index: number; dataUrl: string }
  | { type: 'composer/didRequestFocus' }
  | { type: 'composer/didInsert'; text: string }
  | { type: 'context/didChange'; chips: ContextChipView[] }
  /** The parameters popover's rows for the open conversation and its model. */
  | { type: 'parameters/didChange'; rows: ParameterRowView[] }
  /** How full the next request would be (absent: not known, e.g. no conversation yet). */
  | { type: 'context/didMeasure'; usage?: ContextUsageView }
  /** The open conversation's summary was made or undone (absent: none). */
  | { type: 'conversation/didCompact'; compaction?: CompactionView };

export type WebviewToHostType = WebviewToHost['type'];

export function assertNever(value: never): never {
  throw new Error(`unhandled message ${JSON.stringify(value)}`);
}
