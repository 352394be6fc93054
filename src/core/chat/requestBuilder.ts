// What goes to the gateway for an answer: the conversation's messages, the system context, parameters and tools,
// fitted into the model's window (see contextFitter).
import type { ChatRequest } from '../gateway';
import { describeProblem, resolveParameters } from '../params';
import type { Conversation } from './conversation';
import { chatSessionMessages as M, type ChatSessionDeps } from './chatSessionTypes';
import { ContextFitter, type ContextUsage } from './contextFitter';
import { compose, toolsFor, type BuildOptions, type BuiltRequest, type RequestParts } from './requestParts';

/** What the builder reads from the session's dependencies (each read when a request is made). */
export type RequestBuilderDeps = Pick<
  ChatSessionDeps,
  'defaults' | 'parameterLayers' | 'systemContext' | 'tools' | 'log' | 'listener' | 't' | 'context' | 'client' | 'now'
>;

/** Builds each request of a session; invalid parameter values are reported once per session (window). */
export class RequestBuilder {
  private readonly reported = new Set<string>();
  readonly fitter: ContextFitter | undefined;

  constructor(private readonly deps: RequestBuilderDeps) {
    this.fitter = deps.context ? new ContextFitter(deps, deps.context) : undefined;
  }

  /** The request answering the conversation's messages before `endIndex`, compacted when it would not fit. */
  async build(conv: Conversation, endIndex: number, o: BuildOptions = {}): Promise<BuiltRequest> {
    const parts = this.parts(conv, endIndex, o.offerTools ?? true);
    if (!this.fitter) return { request: compose(parts, new Set()), tools: parts.tools };
    return { ...(await this.fitter.fit(parts, o)), tools: parts.tools };
  }

  /** The request as it stands, without compacting (for the context meter and the LM provider's counts). */
  peek(conv: Conversation, endIndex = conv.messages.length): ChatRequest {
    return compose(this.parts(conv, endIndex, true), new Set());
  }

  /** How full the next request would be (undefined without a window to measure against). */
  usage(conv: Conversation): ContextUsage | undefined {
    return this.fitter?.usage(this.peek(conv), conv.profile);
  }

  private parts(conv: Conversation, endIndex: number, offerTools: boolean): RequestParts {
    return {
      conv,
      endIndex,
      rules: this.deps.systemContext?.(),
      tools: offerTools ? toolsFor(this.deps.tools, conv.model) : undefined,
      params: requestParameters(this.deps, conv, this.reported),
    };
  }
}

/**
 * The request's parameters for the conversation's model; each invalid value is logged and shown once per window
 * (`reported` remembers them). Without `parameterLayers`, the older three sampling settings.
 */
function requestParameters(
  deps: Pick<RequestBuilderDeps, 'defaults' | 'parameterLayers' | 'log' | 'listener' | 't'>,
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
