// A veo answer's videos: the paid-generation question, the hand-over to be saved, and the outcome recorded in the
// message wherever it now is.
import { describeError, type Translate } from '../gateway';
import type { Conversation } from './conversation';
import { updateOnDisk } from './sessionPersistence';
import {
  chatSessionMessages as M,
  type ChatAnswerVideos,
  type ChatSessionDeps,
  type ChatVideoAnswer,
  type SessionMessage,
} from './chatSessionTypes';

/** Records the outcome of saving a veo answer's videos in its message: the files, or why there are none. */
function applySavedVideos(
  m: SessionMessage,
  result: ChatAnswerVideos | undefined,
  t: Translate,
  redact: (text: string) => string,
): void {
  const files = result?.files ?? [];
  m.video = { state: files.length > 0 ? 'done' : 'failed', files };
  if (files.length > 0) return;
  if (result?.state === 'cancelled') {
    m.error = { message: t(M.videoCancelled), actions: ['retry'] };
    return;
  }
  const reason = result?.error ?? (result ? t(M.videoNoLink) : t(M.unexpected, 'saveChatAnswer'));
  m.error = { message: redact(t(M.videoFailed, reason)), actions: ['retry', 'showLog'] };
}

/** What saving needs of the session: the open conversation, writing it, and how errors are redacted and reported. */
export interface VideoSaveContext {
  open: () => Conversation;
  persist: () => Promise<void>;
  redact: (text: string) => string;
  reportStoreError: (e: unknown) => void;
}

/** Hands the answer over to be saved, then records the local files in the message (wherever it now is). */
export async function saveAnswerVideos(
  deps: Pick<ChatSessionDeps, 'saveVideos' | 'log' | 't' | 'listener' | 'store'>,
  messageId: string,
  convId: string,
  answer: ChatVideoAnswer,
  c: VideoSaveContext,
): Promise<void> {
  let result: ChatAnswerVideos | undefined;
  try {
    result = await deps.saveVideos(answer);
  } catch (e) {
    deps.log.error(`saving the videos of ${messageId} failed: ${describeError(e)}`);
  }
  const apply = (m: SessionMessage): void => applySavedVideos(m, result, deps.t, c.redact);
  deps.log.info(`answer ${messageId}: ${result?.files.length ?? 0} video file(s) saved`);
  const conv = c.open();
  if (conv.id === convId) {
    const m = conv.messages.find((x) => x.id === messageId);
    if (!m) return;
    apply(m);
    deps.listener({ type: 'changed', message: m });
    await c.persist();
    return;
  }
  await updateOnDisk(deps.store, convId, messageId, apply).catch((e) => c.reportStoreError(e));
}

/** Asks before a paid generation (veo, images); the error the answer keeps when the user said no, else undefined. */
export async function declinedGeneration(
  deps: Pick<ChatSessionDeps, 'isVideoModel' | 'confirmPaidGeneration' | 't' | 'images'>,
  model: string,
): Promise<SessionMessage['error']> {
  const image = deps.images?.isImageModel(model) ?? false;
  if (!(image || deps.isVideoModel(model)) || !deps.confirmPaidGeneration) return undefined;
  if (await deps.confirmPaidGeneration(model)) return undefined;
  return { message: deps.t(image ? M.imageNotConfirmed : M.videoNotConfirmed), actions: ['retry'] };
}
