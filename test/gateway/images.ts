// Test gateway add-on: the Images API (generations and edits) with both answer shapes, signed image URLs, errors.
import { createHmac, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import {
  json,
  newApiError,
  registerModels,
  registerRoute,
  registerScenario,
  type ResponseScript,
  type ScenarioContext,
} from './server';

/**
 * What each image model answers with, and the sizes it takes (another size is refused as OpenAI does). Variants are
 * chosen by `x-test-scenario: images-NAME[-ARG]` or, for UI tests, `[img:NAME]` / `[img:NAME:ARG]` in the prompt.
 */
export const IMAGE_MODELS: Record<string, { shape: 'b64' | 'url'; sizes: string[]; revised: boolean }> = {
  'gpt-image-1': { shape: 'b64', sizes: ['1024x1024', '1536x1024', '1024x1536', 'auto'], revised: false },
  'dall-e-3': { shape: 'url', sizes: ['1024x1024', '1792x1024', '1024x1792'], revised: true },
  'dall-e-2': { shape: 'url', sizes: ['256x256', '512x512', '1024x1024'], revised: false },
  'qwen-image-plus': { shape: 'url', sizes: ['1024x1024', '1536x1024', '1024x1536', '1328x1328'], revised: false },
};

export const IMAGE_VARIANTS = [
  'b64', // the answer as b64_json, whatever the model
  'url', // the answer as signed URLs on this gateway
  'several', // n images (3 when n is not given), in the model's shape
  'slow', // the answer after ARG ms (default 3000): time to press Cancel
  'policy', // 400 content_policy_violation
  'size', // 400 invalid size, whatever was asked
  'error200', // HTTP 200 with an {"error":…} body (new-api does this for some refusals)
  'expired', // a URL whose signature has expired (403 when fetched)
  'redirect', // a URL that redirects (302) to the signed image
  'notimage', // a URL that answers an HTML page
  'big', // one image of about ARG bytes (default 1 MiB) as b64_json, for the bench
  'bigurl', // the same as a signed URL
] as const;
type ImageVariant = (typeof IMAGE_VARIANTS)[number];

/** The key the signed URLs are made with (the gateway alone knows it; a changed URL no longer matches). */
const SIGNING_KEY = randomBytes(16);
/** Images by token, served at `/image-files/TOKEN.png`; they outlive a reset (a download may come later). */
const files = new Map<string, Buffer>();

export interface ImageEditRecord {
  model: string;
  prompt: string;
  image?: { name: string; type: string; bytes: Buffer };
  mask?: { name: string; type: string; bytes: Buffer };
  fields: Record<string, string>;
}
/** What edits received, for tests (the multipart form as the gateway parsed it). */
export const imageEditRecords: ImageEditRecord[] = [];

// ---- PNG ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGB PNG; `pixel(x, y)` gives each pixel's colour. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 1 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small landscape (sky, sun, hills) whose colours depend on `seed`: each result of a request looks different. */
export function scenePng(seed: number, width = 256, height = 256): Buffer {
  const hue = (seed * 67) % 360;
  const sky = (t: number): [number, number, number] => [
    Math.round(40 + 150 * t + (hue % 60)),
    Math.round(90 + 100 * t),
    Math.round(200 - 60 * t + (hue % 40)),
  ];
  const sunX = width * (0.25 + ((seed * 13) % 50) / 100);
  return encodePng(width, height, (x, y) => {
    const hill = height * (0.62 + 0.08 * Math.sin((x / width) * Math.PI * 2 + seed));
    if (y > hill) return [Math.round(40 + (hue % 50)), Math.round(110 + (y / height) * 60), 60];
    if ((x - sunX) ** 2 + (y - height * 0.3) ** 2 < (width * 0.09) ** 2) return [250, 210, 90];
    return sky(y / height);
  });
}

/** A PNG of about `bytes` bytes (noise does not compress), for download and bench sizes. */
export function noisePng(bytes: number): Buffer {
  const side = Math.max(8, Math.ceil(Math.sqrt(bytes / 3)));
  let s = 0x12345678;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 16) & 0xff;
  return encodePng(side, side, () => [next(), next(), next()]);
}

// ---- Signed URLs ----

function sign(pathAndQuery: string): string {
  return createHmac('sha256', SIGNING_KEY).update(pathAndQuery).digest('base64url');
}

/** A URL like a storage bucket's: the query carries the expiry and a signature over path and query. */
function signedUrl(ctx: ScenarioContext, png: Buffer, expired = false): string {
  const token = `${ctx.requestId.slice(-8)}${randomBytes(6).toString('hex')}`;
  files.set(token, png);
  const expires = Math.floor(Date.now() / 1000) + (expired ? -60 : 3600);
  const unsigned = `/image-files/${token}.png?X-Expires=${expires}&X-Id=${token}`;
  return `${ctx.gateway.origin}${unsigned}&X-Signature=${sign(unsigned)}`;
}

function serveImageFile(ctx: ScenarioContext): ResponseScript | void {
  const url = new URL(ctx.req.path, 'http://x');
  const res = ctx.raw.res;
  const denied = (code: string, message: string): void => {
    res.writeHead(403, { 'content-type': 'application/xml; charset=UTF-8', 'x-oneapi-request-id': ctx.requestId });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  };
  if (url.pathname.startsWith('/image-files/page/')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>Sign in</body></html>');
    return;
  }
  const redirect = /^\/image-files\/redirect\/(.+)$/.exec(url.pathname);
  if (redirect) {
    res.writeHead(302, { location: decodeURIComponent(redirect[1]!) + url.search }).end();
    return;
  }
  const sig = url.searchParams.get('X-Signature') ?? '';
  const unsigned = ctx.req.path.replace(/&X-Signature=[^&]*$/, '');
  if (unsigned === ctx.req.path || sign(unsigned) !== sig)
    return denied('SignatureDoesNotMatch', 'The request signature does not match.');
  if (Number(url.searchParams.get('X-Expires')) < Date.now() / 1000)
    return denied('ExpiredToken', 'The provided token has expired.');
  const token = /^\/image-files\/([\w]+)\.png$/.exec(url.pathname)?.[1];
  const png = token ? files.get(token) : undefined;
  if (!png) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': 'image/png',
    'content-length': String(png.length),
    'x-oneapi-request-id': ctx.requestId,
  });
  res.end(png);
}

// ---- Generations and edits ----

function tagOf(prompt: string): { name?: string; arg?: number } {
  const m = /\[img:([a-z0-9]+)(?::(\d+))?\]/i.exec(prompt);
  return m ? { name: m[1]!.toLowerCase(), arg: m[2] ? Number(m[2]) : undefined } : {};
}

interface Ask {
  model: string;
  prompt: string;
  n: number;
  size?: string;
  variant?: ImageVariant;
  arg?: number;
}

async function answer(ctx: ScenarioContext, ask: Ask): Promise<ResponseScript | void> {
  const rid = ctx.requestId;
  const model = IMAGE_MODELS[ask.model];
  if (!model)
    return newApiError(
      503,
      `当前分组 default 下对于模型 ${ask.model} 无可用渠道`,
      rid,
      'new_api_error',
      'model_not_found',
    );
  if (!ask.prompt.trim()) return newApiError(400, 'prompt is required', rid, 'invalid_request_error');
  const v = ask.variant;
  if (v === 'policy')
    return newApiError(
      400,
      'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
      rid,
      'invalid_request_error',
      'content_policy_violation',
    );
  if (v === 'size' || (ask.size && !model.sizes.includes(ask.size)))
    return newApiError(
      400,
      `Invalid value: '${ask.size ?? '999x999'}'. Supported values are: ${model.sizes.map((s) => `'${s}'`).join(', ')}.`,
      rid,
      'invalid_request_error',
      'invalid_value',
    );
  if (v === 'error200')
    return json(200, {
      error: {
        message: `upstream image task failed (request id: ${rid})`,
        type: 'upstream_error',
        code: 'image_failed',
      },
    });
  const count = v === 'several' && ask.n <= 1 ? 3 : Math.min(Math.max(ask.n, 1), 10);
  const shape =
    v === 'b64' || v === 'big'
      ? 'b64'
      : v === 'url' || v === 'bigurl' || v === 'expired' || v === 'redirect' || v === 'notimage'
        ? 'url'
        : model.shape;
  const seed = Number.parseInt(rid.slice(-4), 36) || 1;
  const data = Array.from({ length: count }, (_, i) => {
    const png = v === 'big' || v === 'bigurl' ? noisePng(ask.arg ?? 1024 * 1024) : scenePng(seed + i * 7);
    const revised = model.revised
      ? { revised_prompt: `A detailed illustration: ${ask.prompt.replace(/\[img:[^\]]*\]/g, '').trim()}` }
      : {};
    if (shape === 'b64') return { b64_json: png.toString('base64'), ...revised };
    let url = signedUrl(ctx, png, v === 'expired');
    if (v === 'redirect')
      url = `${ctx.gateway.origin}/image-files/redirect/${encodeURIComponent(url.split('?')[0]!)}?${url.split('?')[1]}`;
    if (v === 'notimage') url = `${ctx.gateway.origin}/image-files/page/${i}.png`;
    return { url, ...revised };
  });
  const body = json(200, { created: Math.floor(Date.now() / 1000), data, usage: { total_tokens: 0 } });
  return v === 'slow' ? { ...body, headersDelayMs: ask.arg ?? 3000 } : body;
}

function variantOf(name: string | undefined): ImageVariant | undefined {
  return (IMAGE_VARIANTS as readonly string[]).includes(name ?? '') ? (name as ImageVariant) : undefined;
}

async function generations(
  ctx: ScenarioContext,
  header?: { name: string; arg?: number },
): Promise<ResponseScript | void> {
  const body = (ctx.req.json ?? {}) as { model?: unknown; prompt?: unknown; n?: unknown; size?: unknown };
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  const tag = header ?? tagOf(prompt);
  return answer(ctx, {
    model: String(body.model ?? ''),
    prompt,
    n: typeof body.n === 'number' ? body.n : 1,
    size: typeof body.size === 'string' ? body.size : undefined,
    variant: variantOf(tag.name),
    arg: tag.arg,
  });
}

async function edits(ctx: ScenarioContext, header?: { name: string; arg?: number }): Promise<ResponseScript | void> {
  const contentType = ctx.req.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data'))
    return newApiError(400, 'Content-Type must be multipart/form-data', ctx.requestId, 'invalid_request_error');
  const form = await new Response(new Uint8Array(ctx.raw.body), {
    headers: { 'content-type': contentType },
  }).formData();
  const record: ImageEditRecord = {
    model: String(form.get('model') ?? ''),
    prompt: String(form.get('prompt') ?? ''),
    fields: {},
  };
  for (const [k, v] of form.entries()) {
    if (typeof v === 'string') record.fields[k] = v;
    else if (k === 'image' || k === 'mask')
      record[k] = { name: v.name, type: v.type, bytes: Buffer.from(await v.arrayBuffer()) };
  }
  imageEditRecords.push(record);
  if (!record.image) return newApiError(400, 'image is required', ctx.requestId, 'invalid_request_error');
  const tag = header ?? tagOf(record.prompt);
  return answer(ctx, {
    model: record.model,
    prompt: record.prompt,
    n: Number(record.fields.n ?? 1),
    size: record.fields.size,
    variant: variantOf(tag.name) ?? 'b64',
    arg: tag.arg,
  });
}

registerModels(
  {
    id: 'dall-e-3',
    object: 'model',
    created: 1764150000,
    owned_by: 'custom',
    supported_endpoint_types: ['image-generation'],
  },
  {
    id: 'qwen-image-plus',
    object: 'model',
    created: 1764150000,
    owned_by: 'custom',
    supported_endpoint_types: ['image-generation'],
  },
);
registerRoute('POST', '/v1/images/generations', (ctx) => generations(ctx));
registerRoute('POST', '/v1/images/edits', (ctx) => edits(ctx));
registerRoute('GET', /^\/image-files\//, (ctx) => serveImageFile(ctx));
registerScenario(/^images-([a-z0-9]+)(?:-(\d+))?$/, (ctx) => {
  const header = { name: ctx.match![1]!, arg: ctx.match![2] ? Number(ctx.match![2]) : undefined };
  const p = ctx.req.path.split('?')[0];
  if (p === '/v1/images/generations') return generations(ctx, header);
  if (p === '/v1/images/edits') return edits(ctx, header);
  if (p?.startsWith('/image-files/')) return serveImageFile(ctx);
  return newApiError(404, `the images test scenario does not answer ${p}`, ctx.requestId);
});
