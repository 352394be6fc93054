// What goes to the gateway for an answer: the conversation's messages, the system context, parameters and tools.
import type { ChatMessage, ChatRequest, ToolDefinition } from '../gateway';
import { describeProblem, resolveParameters } from '../params';
import type { ToolHost } from '../tools';
import { toChatMessages, type Conversation } from './conversation';
import { chatSessionMessages as M, type ChatSessionDeps } from './chatSessionTypes';

/** What the builder reads from the session's dependencies (each read when a request is made). */
export type RequestBuilderDeps = Pick<
  ChatSessionDeps,
  'defaults' | 'parameterLayers' | 'systemContext' | 'tools' | 'log' | 'listener' | 't'
>;

/** A request and the tools it offers (undefined: none). */
export interface BuiltRequest {
  request: ChatRequest;
  tools: ToolDefinition[] | undefined;
}

/** Builds each request of a session; invalid parameter values are reported once per session (window). */
export class RequestBuilder {
  private readonly reported = new Set<string>();

  constructor(private readonly deps: RequestBuilderDeps) {}

  /** The request answering the conversation's messages before `endIndex`; `offerTools` false sends none. */
  build(conv: Conversation, endIndex: number, offerTools = true): BuiltRequest {
    const tools = offerTools ? toolsFor(this.deps.tools, conv.model) : undefined;
    const messages = withSystemContext(toChatMessages(conv, endIndex), this.deps.systemContext?.());
    const request = withTools(
      { model: conv.model, messages, ...requestParameters(this.deps, conv, this.reported) },
      tools,
    );
    return { request, tools };
  }
}

/** The tools for this request (none when the host offers none for the model). */
export function toolsFor(tools: ToolHost | undefined, model: string): ToolDefinition[] | undefined {
  const defs = tools?.definitions(model);
  return defs && defs.length > 0 ? defs : undefined;
}

/** The request with its tools, or without them. */
export function withTools(request: ChatRequest, defs: ToolDefinition[] | undefined): ChatRequest {
  return defs ? { ...request, tools: defs } : request;
}

/** The request messages with the project rules as a system message after the conversation's own system prompt. */
export function withSystemContext(messages: ChatMessage[], context: string | undefined): ChatMessage[] {
  if (!context?.trim()) return messages;
  const at = messages[0]?.role === 'system' ? 1 : 0;
  return [...messages.slice(0, at), { role: 'system', content: context }, ...messages.slice(at)];
}

/**
 * The request's parameters for the conversation's model; each invalid value is logged and shown once per window
 * (`reported` remembers them). Without `parameterLayers`, the older three sampling settings.
 */
export function requestParameters(
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
