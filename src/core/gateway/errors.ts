// GatewayError: every failure of a gateway call, classified, with one actionable sentence for the user.

/** Same contract as vscode.l10n.t: `{0}`-style placeholders, English source string as key. */
export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

export type GatewayErrorKind =
  | 'auth'
  | 'quota'
  | 'rateLimit'
  | 'notFound'
  | 'badRequest'
  | 'server'
  | 'network'
  | 'timeout'
  | 'protocol'
  | 'interrupted'
  | 'tooLarge'
  | 'aborted';

/** Which timeout fired: until headers, until the first body byte, or between two reads. */
export type TimeoutPhase = 'connect' | 'firstByte' | 'idle';

export interface GatewayErrorInit {
  status?: number;
  requestId?: string;
  retryAfterMs?: number;
  timeoutPhase?: TimeoutPhase;
  timeoutMs?: number;
  partialContent?: string;
  partialReasoning?: string;
  code?: string;
  type?: string;
  cause?: unknown;
}

/** English source strings handed to `Translate`; both l10n bundles must contain each one. */
export const coreMessages = {
  auth: 'The gateway rejected the API key ({0}); run "AppleRouter: Set API Key" to enter a valid key.',
  quota: 'Your gateway quota or balance is used up ({0}); top up the account or use another key.',
  rateLimit: 'The gateway is limiting requests ({0}); wait a moment, then try again.',
  rateLimitWait: 'The gateway asks to wait {1} seconds before trying again ({0}); try again after that.',
  notFound: 'The gateway does not offer this model or endpoint ({0}); pick another model or check the base URL.',
  badRequest: 'The gateway refused the request ({0}); check the model and the message, then try again.',
  server: 'The gateway had a server error ({0}); try again in a moment or pick another model.',
  network: 'Could not reach the gateway ({0}); check the base URL, your network and the proxy setting.',
  timeoutConnect: 'The gateway did not answer within {0} seconds; check your connection and try again.',
  timeoutFirstByte: 'The gateway accepted the request but sent nothing for {0} seconds; try again later.',
  timeoutIdle: 'The answer stalled for {0} seconds and was stopped; the partial text is kept, so try again.',
  timeoutGateway: 'The gateway timed out ({0}); try again in a moment.',
  protocol: 'The gateway sent something that is not a valid answer ({0}); check the base URL, then try again.',
  interrupted: 'The answer was cut off before it finished ({0}); the partial text is kept, so try again.',
  tooLarge: 'The answer passed a safety limit and was stopped ({0}); the text so far is kept.',
  aborted: 'The request was stopped.',
  requestId: '{0}, request id {1}',
} as const;

const identity: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly kind: GatewayErrorKind;
  readonly status?: number;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  readonly timeoutPhase?: TimeoutPhase;
  readonly timeoutMs?: number;
  /** Text that arrived before the failure (also yielded as events by streamChat). */
  readonly partialContent?: string;
  readonly partialReasoning?: string;
  /** The gateway's own `error.code` / `error.type`, when it sent them. */
  readonly code?: string;
  readonly type?: string;

  constructor(kind: GatewayErrorKind, message: string, init: GatewayErrorInit = {}) {
    super(message, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.kind = kind;
    this.status = init.status;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.timeoutPhase = init.timeoutPhase;
    this.timeoutMs = init.timeoutMs;
    this.partialContent = init.partialContent;
    this.partialReasoning = init.partialReasoning;
    this.code = init.code;
    this.type = init.type;
  }

  /** A copy carrying the text that arrived before the failure. */
  withPartial(content: string, reasoning: string): GatewayError {
    return new GatewayError(this.kind, this.message, {
      status: this.status,
      requestId: this.requestId,
      retryAfterMs: this.retryAfterMs,
      timeoutPhase: this.timeoutPhase,
      timeoutMs: this.timeoutMs,
      code: this.code,
      type: this.type,
      cause: this.cause,
      partialContent: content,
      partialReasoning: reasoning,
    });
  }

  /** One actionable sentence: the gateway's message and request id inside, translated through `t`. */
  toUserMessage(t: Translate = identity): string {
    const base = this.message || (this.status !== undefined ? `HTTP ${this.status}` : this.kind);
    const detail = this.requestId ? t(coreMessages.requestId, base, this.requestId) : base;
    switch (this.kind) {
      case 'timeout': {
        const seconds = Math.round((this.timeoutMs ?? 0) / 1000);
        if (this.timeoutPhase === 'firstByte') return t(coreMessages.timeoutFirstByte, seconds);
        if (this.timeoutPhase === 'idle') return t(coreMessages.timeoutIdle, seconds);
        if (this.timeoutPhase === 'connect') return t(coreMessages.timeoutConnect, seconds);
        return t(coreMessages.timeoutGateway, detail);
      }
      case 'rateLimit':
        return this.retryAfterMs !== undefined && this.retryAfterMs > 60_000
          ? t(coreMessages.rateLimitWait, detail, Math.ceil(this.retryAfterMs / 1000))
          : t(coreMessages.rateLimit, detail);
      case 'aborted':
        return t(coreMessages.aborted);
      default:
        return t(coreMessages[this.kind], detail);
    }
  }
}

/** new-api appends ` (request id: …)` to its messages; split it off. */
export function splitRequestId(message: string): { message: string; requestId?: string } {
  const m = /\s*[(（]request id:\s*([^)）]+)[)）]\s*$/i.exec(message);
  return m ? { message: message.slice(0, m.index), requestId: m[1].trim() } : { message };
}

/** The kind an HTTP status (and the gateway's code/message) stands for. */
export function kindForStatus(status: number, code?: string, message?: string): GatewayErrorKind {
  const c = (code ?? '').toLowerCase();
  const msg = message ?? '';
  if (c.includes('quota') || c.includes('billing') || /额度|余额/.test(msg)) return 'quota';
  if (status === 401) return 'auth';
  if (status === 402) return 'quota';
  // new-api: 该令牌无权访问模型 X (this key may not use model X): picking another model is the fix.
  if (status === 403 && /model|模型/i.test(msg)) return 'notFound';
  if (status === 403) return 'auth';
  if (status === 404) return 'notFound';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rateLimit';
  if (status >= 500) return 'server';
  if (status >= 400) return 'badRequest';
  return 'protocol';
}

/** Kind for an error object that arrived inside a 200 stream. */
export function kindForStreamError(code?: string, type?: string, status?: number, message = ''): GatewayErrorKind {
  if (status !== undefined && status >= 400) return kindForStatus(status, code ?? type, message);
  const s = `${code ?? ''} ${type ?? ''}`.toLowerCase();
  if (s.includes('quota') || /额度|余额/.test(message)) return 'quota';
  if (s.includes('rate')) return 'rateLimit';
  if (s.includes('auth') || s.includes('key')) return 'auth';
  if (s.includes('not_found')) return 'notFound';
  if (s.includes('invalid') || s.includes('bad_request')) return 'badRequest';
  return 'server';
}

/** A short plain-text excerpt of an HTML page: its title, else its text; never rendered. */
export function htmlExcerpt(html: string, max = 160): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const text = (title ?? html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' '))
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `HTML page: ${text.length > max ? `${text.slice(0, max)}…` : text || '(empty)'}`;
}
