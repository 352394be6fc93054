// Checks a message posted by the chat webview (types, sizes) before the host acts on it.
import {
  CHAT_IMAGE_ACTIONS,
  IMAGE_MIME_TYPES,
  MAX_CODE_CHARS,
  MAX_ID_CHARS,
  MAX_IMAGE_DATA_URL_CHARS,
  MAX_IMAGES_PER_MESSAGE,
  MAX_IMAGE_SIDE,
  MAX_QUERY_CHARS,
  MAX_TEXT_CHARS,
  MAX_TITLE_CHARS,
  MAX_URL_CHARS,
  type ChatImageAction,
  type ImageAttachment,
  type WebviewToHost,
  type WebviewToHostType,
} from './protocol';

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, max: number, min = 0): v is string {
  return typeof v === 'string' && v.length <= max && v.length >= min;
}

/** Ids are ours (uuid-like); anything else is refused rather than passed to a file path. */
function id(v: unknown): v is string {
  return str(v, MAX_ID_CHARS, 1) && /^[A-Za-z0-9_-]+$/.test(v);
}

function dim(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= MAX_IMAGE_SIDE;
}

function image(v: unknown): ImageAttachment | undefined {
  if (!isRecord(v)) return undefined;
  const { name, mime, dataUrl, width, height } = v;
  if (!str(name, 260) || !(IMAGE_MIME_TYPES as readonly unknown[]).includes(mime)) return undefined;
  if (!str(dataUrl, MAX_IMAGE_DATA_URL_CHARS, 1) || !dim(width) || !dim(height)) return undefined;
  // The data URI must be of the declared type and base64 only: nothing else is forwarded to the gateway.
  const prefix = `data:${mime as string};base64,`;
  if (!dataUrl.startsWith(prefix) || !/^[A-Za-z0-9+/]*={0,2}$/.test(dataUrl.slice(prefix.length))) return undefined;
  return { name, mime: mime as ImageAttachment['mime'], dataUrl, width, height };
}

const KNOWN: Record<WebviewToHostType, true> = {
  'webview/ready': true,
  'chat/send': true,
  'chat/cancel': true,
  'chat/retry': true,
  'chat/dropParameter': true,
  'chat/fork': true,
  'chat/chooseAlternative': true,
  'chat/setParameters': true,
  'chat/editAndResend': true,
  'chat/setModel': true,
  'chat/setSystemPrompt': true,
  'message/copy': true,
  'code/copy': true,
  'code/insert': true,
  'code/open': true,
  'code/apply': true,
  'link/open': true,
  'image/load': true,
  'image/act': true,
  'history/list': true,
  'history/open': true,
  'history/rename': true,
  'history/delete': true,
  'history/export': true,
  'command/setApiKey': true,
  'command/showLog': true,
  'command/manageTrust': true,
  'context/add': true,
  'context/remove': true,
  'context/compact': true,
  'context/undoCompaction': true,
};

/** The message as a typed value, or undefined when anything about it is wrong. */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string' || !Object.prototype.hasOwnProperty.call(KNOWN, raw.type)) {
    return undefined;
  }
  const m = raw as Rec & { type: WebviewToHostType };
  switch (m.type) {
    case 'webview/ready':
    case 'command/setApiKey':
    case 'command/showLog':
    case 'command/manageTrust':
    case 'context/add':
    case 'context/compact':
    case 'context/undoCompaction':
      return { type: m.type };
    case 'context/remove':
      return id(m.id) ? { type: m.type, id: m.id } : undefined;
    case 'chat/send': {
      if (!str(m.text, MAX_TEXT_CHARS) || !Array.isArray(m.images) || m.images.length > MAX_IMAGES_PER_MESSAGE)
        return undefined;
      const images: ImageAttachment[] = [];
      for (const v of m.images) {
        const img = image(v);
        if (!img) return undefined;
        images.push(img);
      }
      if (m.text.trim() === '' && images.length === 0) return undefined;
      return { type: m.type, text: m.text, images };
    }
    case 'chat/cancel':
      return id(m.requestId) ? { type: m.type, requestId: m.requestId } : undefined;
    case 'chat/setParameters': {
      // Names and values are checked by the core's resolver (and reported there); here only the shape and size.
      const p = m.parameters;
      if (!p || typeof p !== 'object' || Array.isArray(p) || Object.keys(p).length > 32) return undefined;
      if (Object.keys(p).some((k) => !/^[a-z_]{1,40}$/.test(k)) || JSON.stringify(p).length > 16_384) return undefined;
      return { type: m.type, parameters: p as Record<string, unknown> };
    }
    case 'chat/chooseAlternative':
      return id(m.messageId) &&
        typeof m.index === 'number' &&
        Number.isInteger(m.index) &&
        m.index >= 0 &&
        m.index < 128
        ? { type: m.type, messageId: m.messageId, index: m.index }
        : undefined;
    case 'chat/retry':
    case 'chat/dropParameter':
    case 'chat/fork':
    case 'message/copy':
      return id(m.messageId) ? { type: m.type, messageId: m.messageId } : undefined;
    case 'chat/editAndResend':
      return id(m.messageId) && str(m.text, MAX_TEXT_CHARS, 1) && m.text.trim() !== ''
        ? { type: m.type, messageId: m.messageId, text: m.text }
        : undefined;
    case 'chat/setModel':
      if (!str(m.model, 200, 1)) return undefined;
      if (m.profile === undefined) return { type: m.type, model: m.model };
      return str(m.profile, 64, 1) ? { type: m.type, model: m.model, profile: m.profile } : undefined;
    case 'chat/setSystemPrompt':
      return str(m.text, MAX_TEXT_CHARS) ? { type: m.type, text: m.text } : undefined;
    case 'code/copy':
    case 'code/insert':
      return str(m.code, MAX_CODE_CHARS) ? { type: m.type, code: m.code } : undefined;
    case 'code/open':
    case 'code/apply':
      return str(m.code, MAX_CODE_CHARS) && str(m.language, 50) && /^[A-Za-z0-9_+#.-]*$/.test(m.language)
        ? { type: m.type, code: m.code, language: m.language }
        : undefined;
    case 'link/open':
    case 'image/load':
      return str(m.url, MAX_URL_CHARS, 1) ? { type: m.type, url: m.url } : undefined;
    case 'image/act':
      return id(m.messageId) &&
        typeof m.index === 'number' &&
        Number.isInteger(m.index) &&
        m.index >= 0 &&
        m.index < MAX_IMAGES_PER_MESSAGE &&
        typeof m.action === 'string' &&
        (CHAT_IMAGE_ACTIONS as readonly string[]).includes(m.action)
        ? { type: m.type, messageId: m.messageId, index: m.index, action: m.action as ChatImageAction }
        : undefined;
    case 'history/list':
      return str(m.query, MAX_QUERY_CHARS) ? { type: m.type, query: m.query } : undefined;
    case 'history/open':
    case 'history/delete':
    case 'history/export':
      return id(m.id) ? { type: m.type, id: m.id } : undefined;
    case 'history/rename':
      return id(m.id) && str(m.title, MAX_TITLE_CHARS, 1) && m.title.trim() !== ''
        ? { type: m.type, id: m.id, title: m.title }
        : undefined;
    default: {
      const never: never = m.type;
      return never;
    }
  }
}

/** Which links the host may open (after the user confirms): http(s) and mailto only. */
export function isOpenableUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' || parsed.protocol === 'mailto:';
}
