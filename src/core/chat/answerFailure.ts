// How a failed answer is kept: a status, one sentence for the user, and the actions that can help; a missing key;
// usage records.
import { describeError, GatewayError, type Logger, type Translate, type Usage } from '../gateway';
import { rejectedParameter } from '../params';
import { chatSessionMessages as M, type SessionMessage } from './chatSessionTypes';

/**
 * Records why an answer failed: a context-window refusal's own sentence (with the action that helps) when there is
 * one, else the gateway error's; both redacted before they are shown or saved.
 */
export function recordFailure(
  m: SessionMessage,
  e: unknown,
  c: {
    aborted: boolean;
    requestId: string;
    windowError: SessionMessage['error'] | undefined;
    t: Translate;
    log: Logger;
    redact: (text: string) => string;
  },
): void {
  if (c.windowError && !c.aborted) {
    m.status = 'error';
    m.error = { ...c.windowError, message: c.redact(c.windowError.message) };
    return;
  }
  applyFailure(m, e, c);
  if (m.error) m.error.message = c.redact(m.error.message);
}

/** A user's Stop is not an error; an interrupted answer keeps its text with Retry; a 401 offers Set API Key. */
function applyFailure(
  m: SessionMessage,
  e: unknown,
  c: { aborted: boolean; requestId: string; t: Translate; log: Logger },
): void {
  if (c.aborted && (!(e instanceof GatewayError) || e.kind === 'aborted')) {
    m.status = 'stopped';
    c.log.info(`request ${c.requestId} stopped by the user`);
    return;
  }
  if (e instanceof GatewayError) {
    c.log.warn(
      `request ${c.requestId} failed: ${e.kind} ${describeError(e)}${e.requestId ? ` (gateway request id ${e.requestId})` : ''}`,
    );
    const error = { message: e.toUserMessage(c.t), ...(e.requestId ? { requestId: e.requestId } : {}) };
    const parameter = rejectedParameter(e.status, e.message);
    if (e.kind === 'interrupted' || (e.kind === 'timeout' && m.text)) {
      m.status = 'interrupted';
      m.error = { ...error, actions: ['retry'] };
    } else if (e.kind === 'tooLarge') {
      // Stopped by a safety limit: what arrived is kept, and the log says which limit.
      m.status = 'interrupted';
      m.error = { ...error, actions: ['retry', 'showLog'] };
    } else if (parameter) {
      // A 400 that names a parameter: offer to send without it for this model (recorded as null in the settings).
      m.status = 'error';
      m.error = {
        ...error,
        actions: ['dropParameter', 'retry', 'showLog'],
        parameter,
      };
    } else if (e.kind === 'auth') {
      m.status = 'error';
      m.error = { ...error, actions: ['setApiKey', 'showLog'] };
    } else {
      m.status = 'error';
      m.error = { ...error, actions: ['retry', 'showLog'] };
    }
    return;
  }
  c.log.error(`request ${c.requestId} failed: ${describeError(e)}`);
  m.status = 'error';
  m.error = { message: c.t(M.unexpected, describeError(e)), actions: ['retry', 'showLog'] };
}

export function toUsage(u: Usage): NonNullable<SessionMessage['usage']> {
  const out: NonNullable<SessionMessage['usage']> = {};
  if (typeof u.prompt_tokens === 'number') out.promptTokens = u.prompt_tokens;
  if (typeof u.completion_tokens === 'number') out.completionTokens = u.completion_tokens;
  if (typeof u.total_tokens === 'number') out.totalTokens = u.total_tokens;
  return out;
}

/** The profile's key, or the error an answer shows when there is none or the keyring cannot be read. */
export async function readKeyOrError(
  deps: { readKey: (profile: string | undefined) => Promise<string | undefined>; t: Translate; log: Logger },
  profile: string | undefined,
  redact: (text: string) => string,
): Promise<{ key: string; error?: undefined } | { key?: undefined; error: NonNullable<SessionMessage['error']> }> {
  try {
    const key = await deps.readKey(profile);
    if (key !== undefined) return { key };
    return { error: { message: deps.t(M.noKey), actions: ['setApiKey'] } };
  } catch (e) {
    deps.log.error(`key read failed: ${describeError(e)}`);
    const message = e instanceof Error ? redact(e.message) : deps.t(M.keyringFailed);
    return { error: { message, actions: ['setApiKey', 'showLog'] } };
  }
}
