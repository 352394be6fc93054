// The parameters a chat request carries: resolved from the conversation, model defaults and settings.
import type { ChatRequest } from '../gateway';
import { describeProblem, resolveParameters } from '../params';
import type { Conversation } from './conversation';
import { chatSessionMessages as M, type ChatSessionDeps } from './chatSessionTypes';

/**
 * The request's parameters for the conversation's model; each invalid value is logged and shown once per window
 * (`reported` remembers them). Without `parameterLayers`, the older three sampling settings.
 */
export function requestParameters(
  deps: ChatSessionDeps,
  conv: Conversation,
  reported: Set<string>,
): Pick<ChatRequest, 'extra'> | ReturnType<ChatSessionDeps['defaults']>['sampling'] {
  if (!deps.parameterLayers) return deps.defaults().sampling;
  const r = resolveParameters(conv.model, { ...deps.parameterLayers(), conversation: conv.parameters });
  for (const p of r.problems) {
    const line = describeProblem(p);
    if (reported.has(line)) continue;
    reported.add(line);
    deps.log.warn(`parameter not sent: ${line}`);
    deps.listener({ type: 'notice', message: deps.t(M.invalidParameter, p.name || '—', p.key) });
  }
  return { extra: r.params };
}
