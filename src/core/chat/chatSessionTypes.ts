// The chat session's types and English sentences: its dependencies, its events, the messages it keeps.
import type { GatewayClient, Logger, StreamOptions, Translate } from '../gateway';
import type { HistoryStore } from './historyStore';
import type { StoredImage, StoredMessage } from './conversation';
import type { ParameterLayers } from '../params';
import type { ToolHost } from '../tools/toolTypes';
import type { ContextWindows, TokenCounter } from '../context';

/** English source strings the session hands to its `Translate`; both l10n bundles must contain each one. */
export const chatSessionMessages = {
  noKey: 'No API key is set; choose "Set API Key" to enter the key from your gateway.',
  keyringFailed: 'The API key could not be read from the system keyring; see the log for details.',
  unexpected: 'Something went wrong while answering ({0}); see the log for details.',
  corruptFile: 'A saved conversation could not be read and was set aside as {0}.',
  newerSchema: 'This conversation was saved by a newer version of AppleRouter Chat and is shown read-only.',
  saveFailed: 'The conversation could not be saved ({0}); see the log for details.',
  newChatTitle: 'New chat',
  busy: 'An answer is still streaming; stop it first.',
  videoFailed: 'The video was not made: {0}',
  videoNoLink: 'the answer has no video link',
  videoCancelled: 'Saving the video was cancelled; the gateway may still have charged for it.',
  videoInterrupted: 'Saving the video was interrupted; the Gallery resumes it.',
  videoNotConfirmed: 'No video was generated: the paid generation was not confirmed. Choose Retry to be asked again.',
  imageNotConfirmed: 'No image was generated: the paid generation was not confirmed. Choose Retry to be asked again.',
  imageFailed: 'The image was not made: {0}',
  imageCancelled: 'Stopped waiting for the image; the gateway may still have charged for it.',
  imagePartly: 'Some images were not saved: {0}',
  invalidParameter: 'The request parameter {0} in {1} has an invalid value and is not sent; see the log for details.',
  tooLong: 'The answer passed the {0} MB limit for one answer and was cut there; the text so far is kept.',
  contextTooLong:
    'The conversation is still too long for the context window of {0} ({1} tokens) after compacting: shorten your message, choose a model with a larger window or start a new chat. {2}',
  nothingToCompact: 'There is nothing to compact yet: the newest messages are always kept as they are.',
  compactFailed: 'The earlier messages could not be summarized: {0}',
} as const;

/** The videos of a veo answer as the conversation keeps them: local file paths the host chose. */
interface StoredVideos {
  state: 'saving' | 'done' | 'failed';
  files: string[];
}
/** An image model's answer: its images are the message's `images` (kept like pasted ones); these are their files. */
interface StoredGeneratedImages {
  /** Local files the host saved, in the answer's order (the gallery's copies). */
  files: string[];
  prompt: string;
  /** The prompt as the gateway rewrote it, when it says. */
  revisedPrompt?: string;
}
/** A stored message; a veo answer also carries its videos, an image answer its generated images. */
export type SessionMessage = StoredMessage & { video?: StoredVideos; generated?: StoredGeneratedImages };

/** An image prompt from the chat; with an attached image it asks for an edit of that image. */
export interface ChatImageRequest {
  model: string;
  prompt: string;
  /** The first image attached to the prompt: the one to edit. */
  image?: StoredImage;
  /** The conversation's gateway profile (absent: the default one). */
  profile?: string;
}
/** What the host made of an image prompt. */
export interface ChatImageAnswer {
  images: StoredImage[];
  files: string[];
  revisedPrompt?: string;
  requestId?: string;
  /** The sentence for images that were not saved (the others were). */
  partialFailure?: string;
}
/** Image generation for the chat: which models are image models, and the generation itself. */
export interface ChatImageDeps {
  isImageModel(model: string): boolean;
  /** Throws an Error whose message is the user's sentence (with the gateway's message and request id). */
  generate(request: ChatImageRequest, signal: AbortSignal): Promise<ChatImageAnswer>;
}

/** A finished veo answer handed over to be downloaded and kept. */
export interface ChatVideoAnswer {
  model: string;
  prompt: string;
  content: string;
  reasoning: string;
}
/** What saving a veo answer's videos gave: the job's end state and its local files. */
export interface ChatAnswerVideos {
  state: string;
  files: string[];
  /** The job's error sentence; undefined with no files means the answer had no video link. */
  error: string | undefined;
}

/** What the session tells its host; the host turns each into a message for the webview. */
export type ChatSessionEvent =
  /** The open conversation was replaced or cut: show it whole. */
  | { type: 'loaded' }
  | { type: 'started'; requestId: string; user: SessionMessage | undefined; assistant: SessionMessage; title: string }
  /** Coalesced deltas of the streaming answer. */
  | { type: 'appended'; requestId: string; messageId: string; content: string; reasoning: string }
  | { type: 'finished'; requestId: string; message: SessionMessage }
  /** A message changed after its answer finished (its videos were saved). */
  | { type: 'changed'; message: SessionMessage }
  | { type: 'titleChanged'; title: string }
  | { type: 'notice'; message: string }
  /** The conversation to reopen on the next start changed (undefined: none). */
  | { type: 'lastChanged'; id: string | undefined }
  /** The open conversation's summary of earlier messages was made or undone. */
  | { type: 'compacted' };

export interface SessionTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface ChatSessionDeps {
  /** The gateway client of a profile (undefined: the default one); its getters read the current settings and key. */
  client: (profile: string | undefined) => GatewayClient;
  store: HistoryStore;
  /** A profile's stored API key; undefined when none is set, throws when the keyring cannot be read. */
  readKey: (profile: string | undefined) => Promise<string | undefined>;
  /** New conversations start with these (`profile`: the gateway, absent for the default one); sampling goes into every request. */
  defaults: () => {
    model: string;
    profile?: string;
    systemPrompt: string;
    sampling: { temperature?: number; max_tokens?: number; top_p?: number };
  };
  newId: () => string;
  now: () => number;
  t: Translate;
  log: Logger;
  listener: (event: ChatSessionEvent) => void;
  /** Stream options for a model (veo: no retries, long silences), or undefined for the defaults. */
  streamOptions: (model: string) => StreamOptions | undefined;
  isVideoModel: (model: string) => boolean;
  /** Downloads and keeps a veo answer's videos; undefined when the hand-over itself failed. */
  saveVideos: (answer: ChatVideoAnswer) => Promise<ChatAnswerVideos | undefined>;
  /** Answers image models' prompts with images instead of a chat stream; without it they stream like chat models. */
  images?: ChatImageDeps;
  /**
   * Asks the user to confirm a paid generation (veo and image models) before anything is sent; true when they did or do not
   * need to. Without it, no confirmation is asked.
   */
  confirmPaidGeneration?: (model: string) => Promise<boolean>;
  /**
   * The global and per-model parameter settings; with it, every request carries the parameters resolved from the
   * conversation, the most specific modelParameters key and these globals (instead of `defaults().sampling`).
   */
  parameterLayers?: () => Omit<ParameterLayers, 'conversation'>;
  /** Most characters (text and reasoning) one answer may hold; past it the answer is cut (default MAX_ANSWER_CHARS). */
  maxAnswerChars?: number;
  /** Project rules sent as a system message after the system prompt with each request (read when it is made). */
  systemContext?: () => string | undefined;
  /** Each model's window and the token counter; with it requests are compacted to fit and refusals recovered. */
  context?: ChatContextDeps;
  /** Offers and runs tools (the loop); without it no tools are sent. */
  tools?: ToolHost;
  /** Defaults to the global timers; tests may step them. */
  timers?: SessionTimers;
  /** How often deltas are forwarded (coalesced), and how often a streaming answer is written to disk. */
  coalesceMs?: number;
  checkpointMs?: number;
}

/** What the session needs to fit requests into their model's window. */
export interface ChatContextDeps {
  windows: ContextWindows;
  counter: TokenCounter;
  /** The model that writes summaries (`applerouter.compaction.summaryModel`); empty: the conversation's own. */
  summaryModel?: () => string | undefined;
  /** The profile id a conversation's profile stands for (undefined: the default profile). */
  profileId?: (profile: string | undefined) => string;
}
