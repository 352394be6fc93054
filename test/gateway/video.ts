// Test gateway add-on: veo through chat completions (progress, results, failures) and the Videos API.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type * as http from 'node:http';
import {
  json,
  newApiError,
  registerModelScenario,
  registerRoute,
  registerScenario,
  type ResponseScript,
  type ScenarioContext,
} from './server';
import { chunk, data, DONE } from './sse';

export const VIDEO_STATIC_DIR = path.resolve(__dirname, 'static');
export const SAMPLE_VIDEO = 'veo-sample.mp4';

/**
 * The chat variants. Chosen by `x-test-scenario: veo-NAME`, or (for tests that drive the real UI,
 * which cannot set headers per request) by `[veo:NAME]` or `[veo:NAME:DELAYMS]` in the prompt.
 */
export const VEO_CHAT_VARIANTS = [
  'reasoning', // progress in reasoning_content, single-quoted <video> tag with raw & (the real capture's shape)
  'content', // progress in content, then the tag
  'fenced', // ```html fence with <video><source src="…&amp;…">
  'markdown', // [▶️ …](url.mp4)
  'bare', // a bare URL
  'multi', // two results
  'failline', // only "❌ 生成失败: …" then [DONE], no content, no finish_reason
  'error', // an {"error":…} chunk then [DONE]
  'drop', // the result's download drops half way (Range works on the second try)
  'expired', // the result's download answers 403 (an expired signed URL)
  'slow', // like reasoning, with DELAYMS between chunks (default 1500 ms)
] as const;
export type VeoChatVariant = (typeof VEO_CHAT_VARIANTS)[number];

/** Videos API variants, chosen the same way (`videos-NAME` header or `[veo:NAME]` in the prompt). */
export const VIDEOS_API_VARIANTS = ['ok', 'fail', 'slow'] as const;
type VideosVariant = (typeof VIDEOS_API_VARIANTS)[number];

const DEFAULT_DELAY_MS = Number(process.env.AR_TEST_VEO_DELAY_MS ?? 40);

interface VideoJobRecord {
  id: string;
  model: string;
  prompt: string;
  seconds: string;
  size: string;
  variant: VideosVariant;
  polls: number;
  createdAt: number;
  hasReference: boolean;
  referenceType?: string;
}

/** Jobs by id; they outlive a reset so that a client resuming after a reload finds its job. */
const jobs = new Map<string, VideoJobRecord>();
/** Drop tokens already used: the first download of a token breaks half way, later ones complete. */
const droppedTokens = new Set<string>();

function promptTag(prompt: string): { name?: string; delayMs?: number } {
  const m = /\[veo:([a-z]+)(?::(\d+))?\]/i.exec(prompt);
  return m ? { name: m[1]!.toLowerCase(), delayMs: m[2] ? Number(m[2]) : undefined } : {};
}

function lastUserText(body: unknown): string {
  const messages = (body as { messages?: { role?: string; content?: unknown }[] } | undefined)?.messages ?? [];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  if (Array.isArray(last.content)) {
    return last.content
      .map((p: { type?: string; text?: string }) => (p.type === 'text' ? (p.text ?? '') : ''))
      .join('\n');
  }
  return '';
}

function delayChunks(delayMs: number): Pick<ResponseScript, 'delayMs'> {
  return { delayMs };
}

/** Signed-looking URL on this gateway, with raw `&` as the real relays send. */
function resultUrl(ctx: ScenarioContext, kind: 'ok' | 'drop' | 'expired', n = 1): string {
  const origin = ctx.gateway.origin;
  const sig = `GoogleAccessId=labs-videoserver%40system.gserviceaccount.com&Expires=1770971838&Signature=c2lnbmF0dXJl${n}%3D%3D`;
  if (kind === 'drop') return `${origin}/video-files/drop/${ctx.requestId}-${n}/${SAMPLE_VIDEO}?${sig}`;
  if (kind === 'expired') return `${origin}/video-files/expired/${SAMPLE_VIDEO}?${sig}`;
  return `${origin}/video-files/${SAMPLE_VIDEO}?n=${n}&${sig}`;
}

const PROGRESS = [
  '✨ 视频生成任务已启动\n',
  '初始化生成环境...\n',
  '提交视频生成任务...\n',
  '视频生成中...\n',
  '生成进度: 0%\n',
  '生成进度: 37%\n',
  '生成进度: 82%\n',
];

function chatVariant(ctx: ScenarioContext, variant: VeoChatVariant, delayMs: number): ResponseScript {
  const model = 'flow2api';
  const extra = { model };
  const progressIn = variant === 'content' ? 'content' : 'reasoning_content';
  const pieces: string[] = [chunk({ role: 'assistant', [progressIn]: PROGRESS[0] }, null, extra)];
  for (const line of PROGRESS.slice(1)) pieces.push(chunk({ [progressIn]: line }, null, extra));
  const finish = (content: string) => {
    pieces.push(chunk({ content }, 'stop', extra));
    pieces.push(
      data({
        id: 'chatcmpl-veo',
        object: 'chat.completion.chunk',
        created: 1770950241,
        model,
        choices: [],
        usage: { prompt_tokens: 18, completion_tokens: 329, total_tokens: 347 },
      }),
    );
    pieces.push(DONE);
  };
  switch (variant) {
    case 'reasoning':
    case 'content':
    case 'slow':
      finish(`<video src='${resultUrl(ctx, 'ok')}' controls style='max-width:100%'></video>`);
      break;
    case 'fenced':
      finish(
        `视频已生成：\n\n\`\`\`html\n<video controls>\n  <source src="${resultUrl(ctx, 'ok').replace(/&/g, '&amp;')}" type="video/mp4">\n</video>\n\`\`\`\n`,
      );
      break;
    case 'markdown':
      finish(`视频生成完成！\n\n[▶️ 点击播放视频](${resultUrl(ctx, 'ok')})`);
      break;
    case 'bare':
      finish(`Video ready: ${resultUrl(ctx, 'ok')}`);
      break;
    case 'multi':
      finish(
        `<video src='${resultUrl(ctx, 'ok', 1)}' controls></video>\n<video src='${resultUrl(ctx, 'ok', 2)}' controls></video>`,
      );
      break;
    case 'drop':
      finish(`<video src='${resultUrl(ctx, 'drop')}' controls></video>`);
      break;
    case 'expired':
      finish(`<video src='${resultUrl(ctx, 'expired')}' controls></video>`);
      break;
    case 'failline':
      pieces.push(chunk({ reasoning_content: '❌ 生成失败: 视频生成失败，内容可能违反了安全政策\n' }, null, extra));
      pieces.push(DONE);
      break;
    case 'error':
      pieces.push(
        data({
          error: {
            message: `upstream video task failed: quota exhausted on channel (request id: ${ctx.requestId})`,
            type: 'upstream_error',
            code: 'video_failed',
          },
        }),
      );
      pieces.push(DONE);
      break;
    default: {
      const never: never = variant;
      throw new Error(`unknown variant ${String(never)}`);
    }
  }
  return { chunks: pieces, ...delayChunks(delayMs) };
}

function chatScenario(ctx: ScenarioContext, fromHeader?: { name: string; delayMs?: number }): ResponseScript {
  const body = ctx.req.json as { stream?: unknown } | undefined;
  const tag = fromHeader ?? promptTag(lastUserText(body));
  const name = (tag.name ?? 'reasoning') as VeoChatVariant;
  if (!VEO_CHAT_VARIANTS.includes(name))
    return json(400, { error: { message: `unknown veo variant "${name}"`, type: 'invalid_request_error' } });
  const delayMs = tag.delayMs ?? (name === 'slow' ? 1500 : DEFAULT_DELAY_MS);
  return chatVariant(ctx, name, delayMs);
}

// ---- Videos API ----

function videoObject(job: VideoJobRecord, status: string, progress: number, error?: unknown): Record<string, unknown> {
  return {
    id: job.id,
    object: 'video',
    model: job.model,
    status,
    progress,
    created_at: Math.floor(job.createdAt / 1000),
    seconds: job.seconds,
    size: job.size,
    ...(error ? { error } : {}),
  };
}

/** Status by the number of polls (not time), so a job waits for its client, also across a reload. */
function statusOf(job: VideoJobRecord): { status: string; progress: number; error?: unknown } {
  const processingPolls = job.variant === 'slow' ? 8 : 2;
  if (job.polls <= 1) return { status: 'queued', progress: 0 };
  if (job.polls <= 1 + processingPolls)
    return { status: 'processing', progress: Math.round(((job.polls - 1) / (processingPolls + 1)) * 100) };
  if (job.variant === 'fail') {
    return {
      status: 'failed',
      progress: 100,
      error: { code: 'content_policy_violation', message: 'The prompt was blocked by the safety filter.' },
    };
  }
  return { status: 'completed', progress: 100 };
}

async function createJob(ctx: ScenarioContext, headerVariant?: string): Promise<ResponseScript> {
  const contentType = ctx.req.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data')) {
    return newApiError(400, 'Content-Type must be multipart/form-data', ctx.requestId, 'invalid_request_error');
  }
  // The gateway core records bodies as UTF-8 text; boundaries and text fields survive that, file bytes may not.
  const form = await new Response(Buffer.from(ctx.req.bodyText, 'utf8'), {
    headers: { 'content-type': contentType },
  }).formData();
  const model = String(form.get('model') ?? '');
  const prompt = String(form.get('prompt') ?? '');
  if (!model || !prompt)
    return newApiError(400, 'model and prompt are required', ctx.requestId, 'invalid_request_error');
  const ref = form.get('input_reference');
  const tag = headerVariant ?? promptTag(prompt).name ?? 'ok';
  const variant = (VIDEOS_API_VARIANTS as readonly string[]).includes(tag) ? (tag as VideosVariant) : 'ok';
  const job: VideoJobRecord = {
    id: `video_${ctx.requestId.slice(-12)}${Math.random().toString(16).slice(2, 8)}`,
    model,
    prompt,
    seconds: String(form.get('seconds') ?? '8'),
    size: String(form.get('size') ?? (model.includes('landscape') ? '16x9' : '9x16')),
    variant,
    polls: 0,
    createdAt: Date.now(),
    hasReference: ref !== null,
    referenceType: ref && typeof ref !== 'string' ? ref.type : undefined,
  };
  jobs.set(job.id, job);
  return json(200, videoObject(job, 'queued', 0));
}

function pollJob(ctx: ScenarioContext, id: string): ResponseScript {
  const job = jobs.get(id);
  if (!job) return newApiError(404, `video ${id} not found`, ctx.requestId, 'invalid_request_error');
  job.polls++;
  const s = statusOf(job);
  return json(200, videoObject(job, s.status, s.progress, s.error));
}

function jobContent(ctx: ScenarioContext, id: string): ResponseScript | void {
  const job = jobs.get(id);
  if (!job) return newApiError(404, `video ${id} not found`, ctx.requestId, 'invalid_request_error');
  if (statusOf(job).status !== 'completed')
    return newApiError(404, `video ${id} is not ready`, ctx.requestId, 'invalid_request_error');
  serveVideo(ctx.raw.req, ctx.raw.res, ctx.requestId, 'ok');
}

/** Answers a Videos API path: a script, 'sent' when it wrote the response itself, undefined when not its path. */
async function videosApi(ctx: ScenarioContext, headerVariant?: string): Promise<ResponseScript | 'sent' | undefined> {
  const p = ctx.req.path.split('?')[0]!;
  if (ctx.req.method === 'POST' && p === '/v1/videos') return createJob(ctx, headerVariant);
  const content = /^\/v1\/videos\/([^/]+)\/content$/.exec(p);
  if (ctx.req.method === 'GET' && content) return jobContent(ctx, decodeURIComponent(content[1]!)) ?? 'sent';
  const poll = /^\/v1\/videos\/([^/]+)$/.exec(p);
  if (ctx.req.method === 'GET' && poll) return pollJob(ctx, decodeURIComponent(poll[1]!));
  return undefined;
}

// ---- Files ----

/** Serves the sample MP4 with Range support; `drop` breaks the first response half way, `expired` is a 403. */
function serveVideo(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  requestId: string,
  mode: 'ok' | 'drop' | 'expired',
  token = '',
): void {
  if (mode === 'expired') {
    res.writeHead(403, { 'content-type': 'application/xml; charset=UTF-8', 'x-oneapi-request-id': requestId });
    res.end(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>',
    );
    return;
  }
  const file = path.join(VIDEO_STATIC_DIR, SAMPLE_VIDEO);
  const size = statSync(file).size;
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  const end = range && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
  if (start >= size) {
    res.writeHead(416, { 'content-range': `bytes */${size}`, 'x-oneapi-request-id': requestId }).end();
    return;
  }
  const headers: Record<string, string> = {
    'content-type': 'video/mp4',
    'content-length': String(end - start + 1),
    'accept-ranges': 'bytes',
    etag: '"veo-sample-1"',
    'x-oneapi-request-id': requestId,
  };
  if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD') return void res.end();
  if (mode === 'drop' && !droppedTokens.has(token)) {
    droppedTokens.add(token);
    const bytes = readFileSync(file).subarray(start, end + 1);
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => setTimeout(() => res.socket?.destroy(), 30));
    return;
  }
  createReadStream(file, { start, end }).pipe(res);
}

function filesRoute(ctx: ScenarioContext): void {
  const p = ctx.req.path.split('?')[0]!;
  const { req, res } = ctx.raw;
  const drop = /^\/video-files\/drop\/([^/]+)\//.exec(p);
  if (drop) return serveVideo(req, res, ctx.requestId, 'drop', drop[1]);
  if (p.startsWith('/video-files/expired/')) return serveVideo(req, res, ctx.requestId, 'expired');
  if (p === `/video-files/${SAMPLE_VIDEO}`) return serveVideo(req, res, ctx.requestId, 'ok');
  res.writeHead(404, { 'content-type': 'text/plain', 'x-oneapi-request-id': ctx.requestId }).end('not found');
}

// ---- Registration ----

async function byHeader(ctx: ScenarioContext, name: string, delayMs?: number): Promise<ResponseScript | void> {
  const p = ctx.req.path.split('?')[0]!;
  if (p.startsWith('/v1/videos')) {
    const r = await videosApi(ctx, name);
    return r === 'sent' ? undefined : (r ?? newApiError(404, 'not found', ctx.requestId));
  }
  if (p === '/v1/chat/completions') return chatScenario(ctx, { name, delayMs });
  if (p.startsWith('/video-files/')) return filesRoute(ctx);
  return newApiError(404, `the veo test scenario does not answer ${p}`, ctx.requestId);
}

registerModelScenario((m) => /^veo[-_]/i.test(m), 'veo');
registerScenario('veo', (ctx) => chatScenario(ctx));
registerScenario(/^veo-([a-z]+)(?:-(\d+))?$/, (ctx) =>
  byHeader(ctx, ctx.match![1]!, ctx.match![2] ? Number(ctx.match![2]) : undefined),
);
registerScenario(/^videos-([a-z]+)$/, (ctx) => byHeader(ctx, ctx.match![1]!));
const videosRoute = async (ctx: ScenarioContext): Promise<ResponseScript | void> => {
  const r = await videosApi(ctx);
  return r === 'sent' ? undefined : (r ?? newApiError(404, 'not found', ctx.requestId));
};
registerRoute('POST', '/v1/videos', videosRoute);
registerRoute('GET', /^\/v1\/videos\/[^/]+(\/content)?$/, videosRoute);
registerRoute('GET', /^\/video-files\//, (ctx) => filesRoute(ctx));
registerRoute('HEAD', /^\/video-files\//, (ctx) => filesRoute(ctx));

/** For tests: the stored job record (to check what the client sent). */
export function videoJobRecord(id: string): Readonly<VideoJobRecord> | undefined {
  return jobs.get(id);
}
