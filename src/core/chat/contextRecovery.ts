// When the window is passed anyway: the one automatic retry after a refusal, the sentence when even that fails, and
// the user's "Compact now".
import { describeError, GatewayError, type ChatRequest, type Logger } from '../gateway';
import { contextRefusal } from '../context';
import type { Conversation, StoredMessage } from './conversation';
import type { ContextFitter } from './contextFitter';
import type { RequestBuilder } from './requestBuilder';
import { chatSessionMessages as M, type ChatSessionDeps } from './chatSessionTypes';

/** A refusal for passing the window teaches the window (and the count); true when asking again, compacted, may help. */
export async function retryAfterRefusal(
  fitter: ContextFitter | undefined,
  e: unknown,
  request: ChatRequest,
  profile: string | undefined,
  log: Logger,
): Promise<boolean> {
  if (!fitter || !(await fitter.learn(e, request, profile))) return false;
  log.info(`${request.model}: asking once more, compacted to the learned window`);
  return true;
}

/**
 * The error a window refusal leaves on the answer: one sentence with what helps (a shorter message, a larger model,
 * a new chat) and the gateway's own words, and no Retry, which cannot succeed. Undefined for other failures.
 */
export function windowFailure(
  fitter: ContextFitter | undefined,
  e: unknown,
  conv: Conversation,
  refused: boolean,
  deps: Pick<ChatSessionDeps, 't' | 'log'>,
): StoredMessage['error'] | undefined {
  if (!fitter || !contextRefusal(e)) return undefined;
  const w = fitter.window(conv.profile, conv.model);
  const detail = e instanceof GatewayError ? e.toUserMessage(deps.t) : '';
  deps.log.warn(`${conv.model} refused the request for its window${refused ? ' after compacting' : ''}`);
  return {
    message: deps.t(M.contextTooLong, conv.model, w.tokens, detail),
    ...(e instanceof GatewayError && e.requestId ? { requestId: e.requestId } : {}),
    actions: ['showLog'],
  };
}

/** Summarizes the oldest turns now; the notice to show when nothing was done (undefined when it was). */
export async function compactNow(
  requests: RequestBuilder,
  conv: Conversation,
  deps: Pick<ChatSessionDeps, 't' | 'log'>,
  redact: (text: string) => string,
): Promise<string | undefined> {
  const before = conv.compaction;
  try {
    await requests.build(conv, conv.messages.length, { compact: 'now' });
  } catch (e) {
    deps.log.warn(`compact now failed: ${describeError(e)}`);
    const reason = e instanceof GatewayError ? e.toUserMessage(deps.t) : describeError(e);
    return redact(deps.t(M.compactFailed, reason));
  }
  return conv.compaction === before ? deps.t(M.nothingToCompact) : undefined;
}
