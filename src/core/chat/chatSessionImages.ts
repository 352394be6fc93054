// The answer to an image model's prompt: the host generates and saves the images; the answer keeps them as attachments.
import { chatSessionMessages as M, type ChatImageDeps, type SessionMessage } from './chatSessionTypes';
import type { Translate } from '../gateway';
import type { StoredImage } from './conversation';

export interface ImageAnswerContext {
  images: ChatImageDeps;
  prompt: string;
  /** An image attached to the prompt: the answer is an edit of it. */
  image?: StoredImage;
  profile: string | undefined;
  signal: AbortSignal;
  t: Translate;
  redact: (text: string) => string;
  /** False once the answer was ended elsewhere (Stop, another conversation): then nothing is recorded. */
  isCurrent: () => boolean;
}

/** Generates the images for `message` and records them, or why there are none; never throws. */
export async function answerWithImages(message: SessionMessage, c: ImageAnswerContext): Promise<void> {
  try {
    const r = await c.images.generate(
      {
        model: message.model ?? '',
        prompt: c.prompt,
        ...(c.image ? { image: c.image } : {}),
        ...(c.profile ? { profile: c.profile } : {}),
      },
      c.signal,
    );
    if (!c.isCurrent()) return;
    message.images = r.images;
    message.generated = {
      files: r.files,
      prompt: c.prompt,
      ...(r.revisedPrompt ? { revisedPrompt: r.revisedPrompt } : {}),
    };
    message.status = 'done';
    if (r.partialFailure)
      message.error = { message: c.redact(c.t(M.imagePartly, r.partialFailure)), actions: ['showLog'] };
  } catch (e) {
    if (!c.isCurrent()) return;
    if (c.signal.aborted) {
      message.status = 'stopped';
      message.error = { message: c.t(M.imageCancelled), actions: ['retry'] };
      return;
    }
    const why = e instanceof Error ? e.message : String(e);
    message.status = 'error';
    message.error = { message: c.redact(c.t(M.imageFailed, why)), actions: ['retry', 'showLog'] };
  }
}
