// Bounded, resumable download of one file (a video, an image) to a name we choose: temp file, size cap, Range resume.

import type * as http from 'node:http';
import { constants as fsConstants, createWriteStream, promises as fsp, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { checkFetchUrl, MAX_REDIRECTS, redirectHop, startHop } from '../net';
import type { DownloadPolicy } from './downloadPolicy';

export type DownloadErrorKind =
  /** The URL's scheme or address is not allowed by the policy. */
  | 'refused'
  /** Larger than the cap. */
  | 'tooLarge'
  /** An HTTP status other than 200/206 (e.g. 403 for an expired signed URL, 404 before a job completes). */
  | 'http'
  /** The server sent a web page or JSON instead of a video. */
  | 'notVideo'
  /** The connection kept failing after the allowed resumes. */
  | 'network'
  | 'aborted';

export class DownloadError extends Error {
  constructor(
    readonly kind: DownloadErrorKind,
    message: string,
    readonly status?: number,
    /** A short excerpt of an error body, for the log. */
    readonly bodyExcerpt?: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface DownloadOptions {
  url: string;
  destDir: string;
  /** Our own file name (see videoFileName); a number is added if it exists. */
  fileName: string;
  maxBytes: number;
  policy: DownloadPolicy;
  /** Sent only to the URL's own origin (e.g. `Authorization` for `/videos/{id}/content`), never after a cross-origin redirect. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | undefined) => void;
  /** Resume attempts after a dropped connection (default 3). */
  maxResumes?: number;
  /** Silence that counts as a dropped connection (default 60 s). */
  idleMs?: number;
  /** Longest wait for the response headers, connecting included (default 30 s); longer counts as a drop. */
  headersTimeoutMs?: number;
  /** An agent for http(s), e.g. a proxy agent. */
  agent?: http.Agent;
  /** The `Accept` header (default: videos first). */
  accept?: string;
  /** What the body should be, for the error when a web page or JSON arrives instead (default "a video"). */
  expected?: string;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** How many times a dropped connection was resumed. */
  resumes: number;
  /** Whether the server honoured a Range request. */
  rangeResumed: boolean;
  contentType?: string;
}

/** Refuses a URL whose scheme or literal address the policy does not allow. */
export function checkDownloadUrl(raw: string, policy: DownloadPolicy): URL {
  try {
    return checkFetchUrl(raw, policy);
  } catch (e) {
    throw new DownloadError('refused', e instanceof Error ? e.message : String(e));
  }
}

/**
 * Moves `temp` to `fileName` in `dir`, or `name (2).ext`, … when that exists. The move never replaces a file, even
 * one that appears meanwhile: a hard link fails on an existing name; where links are not supported, an exclusive copy.
 */
export async function moveToUniqueName(temp: string, dir: string, fileName: string): Promise<string> {
  const dot = fileName.lastIndexOf('.');
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const ext = dot > 0 ? fileName.slice(dot) : '';
  for (let n = 1; n < 10_000; n++) {
    const candidate = join(dir, n === 1 ? fileName : `${stem} (${n})${ext}`);
    try {
      try {
        await fsp.link(temp, candidate);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw e;
        await fsp.copyFile(temp, candidate, fsConstants.COPYFILE_EXCL);
      }
      await fsp.rm(temp, { force: true });
      return candidate;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new Error(`no free file name for ${fileName} in ${dir}`);
}

/** An `If-Range` validator: a strong ETag, else Last-Modified; a weak ETag cannot prove the bytes are the same. */
export function strongValidator(etag: string | undefined, lastModified: string | undefined): string | undefined {
  if (etag && !/^W\//i.test(etag.trim())) return etag;
  return lastModified || undefined;
}

interface AttemptResult {
  /** 'done' when the body ended complete; 'dropped' when the connection broke (resumable). */
  outcome: 'done' | 'dropped';
  /** Bytes now in the temp file. */
  size: number;
  total?: number;
  validator?: string;
  contentType?: string;
  /** The final URL after redirects (Range requests go there). */
  url: URL;
  /** Whether headers may still go to `url` (same origin as the first URL). */
  sameOrigin: boolean;
  rangeHonoured: boolean;
  dropReason?: string;
}

/** Downloads `url` into a temp file in `destDir`, renames it to a unique name on success. */
export async function downloadToFile(options: DownloadOptions): Promise<DownloadResult> {
  const first = checkDownloadUrl(options.url, options.policy);
  const maxResumes = options.maxResumes ?? 3;
  await fsp.mkdir(options.destDir, { recursive: true });
  const temp = join(options.destDir, `.${options.fileName}.${randomBytes(4).toString('hex')}.part`);
  let resumes = 0;
  let rangeResumed = false;
  try {
    let state: AttemptResult = { outcome: 'dropped', size: 0, url: first, sameOrigin: true, rangeHonoured: false };
    for (let attempt = 0; ; attempt++) {
      state = await attemptDownload(
        options,
        temp,
        attempt === 0 ? first : state.url,
        attempt === 0 ? true : state.sameOrigin,
        state.size,
        state.validator,
        state.total,
      );
      if (state.rangeHonoured) rangeResumed = true;
      if (state.outcome === 'done') break;
      if (options.signal?.aborted) throw new DownloadError('aborted', 'download cancelled');
      if (resumes >= maxResumes) {
        throw new DownloadError(
          'network',
          `connection dropped after ${state.size} bytes (${state.dropReason ?? 'closed'}); gave up after ${resumes} resumes`,
        );
      }
      resumes++;
    }
    const path = await moveToUniqueName(temp, options.destDir, options.fileName);
    return { path, bytes: state.size, resumes, rangeResumed, contentType: state.contentType };
  } catch (err) {
    await fsp.rm(temp, { force: true });
    if (err instanceof DownloadError) throw err;
    if (options.signal?.aborted) throw new DownloadError('aborted', 'download cancelled');
    throw new DownloadError('network', err instanceof Error ? err.message : String(err));
  }
}

function attemptDownload(
  options: DownloadOptions,
  temp: string,
  startUrl: URL,
  startSameOrigin: boolean,
  offset: number,
  validator: string | undefined,
  knownTotal: number | undefined,
): Promise<AttemptResult> {
  const firstOrigin = new URL(options.url).origin;
  return new Promise<AttemptResult>((resolve, reject) => {
    let settled = false;
    let current: http.ClientRequest | undefined;
    let out: WriteStream | undefined;
    let idleTimer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    // The temp file is removed after a failure: close it first so a late open cannot recreate it.
    const fail = (e: unknown) =>
      finish(() => {
        const stream = out;
        if (!stream || stream.closed) return reject(e);
        stream.once('close', () => reject(e));
        stream.destroy();
      });
    const onAbort = () => {
      current?.destroy();
      if (idleTimer) clearTimeout(idleTimer);
      fail(new DownloadError('aborted', 'download cancelled'));
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    // `checked` passed the policy: the first URL in downloadToFile, every redirect in redirectHop.
    const send = (checked: URL, sameOrigin: boolean, redirects: number) => {
      const headers: Record<string, string> = {
        'accept-encoding': 'identity',
        accept: options.accept ?? 'video/*, application/octet-stream;q=0.9, */*;q=0.1',
      };
      if (sameOrigin && options.headers) Object.assign(headers, options.headers);
      // A resume needs a validator that proves the bytes are the same file's; without one the download starts over.
      const resumeAt = validator ? offset : 0;
      if (resumeAt > 0 && validator) {
        headers.range = `bytes=${resumeAt}-`;
        headers['if-range'] = validator;
      }
      const use = (req: http.ClientRequest): void => {
        current = req;
        const headersMs = options.headersTimeoutMs ?? 30_000;
        const headersTimer = setTimeout(() => req.destroy(new Error(`no response within ${headersMs} ms`)), headersMs);
        req.once('response', () => clearTimeout(headersTimer));
        req.once('close', () => clearTimeout(headersTimer));
        req.on('error', (e) => {
          if (settled) return;
          // Refusals and aborts are final; anything else before a response is a dropped connection.
          if (e instanceof DownloadError) return fail(e);
          finish(() =>
            resolve({
              outcome: 'dropped',
              size: resumeAt,
              total: knownTotal,
              validator,
              url: checked,
              sameOrigin,
              rangeHonoured: false,
              dropReason: e.message,
            }),
          );
        });
        req.on('response', (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400 && res.headers.location) {
            res.resume();
            if (redirects >= MAX_REDIRECTS) return fail(new DownloadError('http', 'too many redirects', status));
            let next: { url: URL; credentialed: boolean };
            try {
              next = redirectHop(checked, res.headers.location, options.policy, sameOrigin, firstOrigin);
            } catch (e) {
              return fail(new DownloadError('refused', e instanceof Error ? e.message : String(e)));
            }
            return send(next.url, next.credentialed, redirects + 1);
          }
          if (status !== 200 && status !== 206) {
            const chunks: Buffer[] = [];
            let len = 0;
            res.on('data', (c: Buffer) => {
              if (len < 2048) chunks.push(c);
              len += c.length;
            });
            res.on('end', () => {
              const excerpt = Buffer.concat(chunks).toString('utf8').slice(0, 500);
              fail(new DownloadError('http', `HTTP ${status} ${res.statusMessage ?? ''}`.trim(), status, excerpt));
            });
            res.on('error', () => fail(new DownloadError('http', `HTTP ${status}`, status)));
            return;
          }
          const contentType = String(res.headers['content-type'] ?? '');
          if (/^(text\/|application\/json)/i.test(contentType)) {
            res.resume();
            return fail(
              new DownloadError(
                'notVideo',
                `expected ${options.expected ?? 'a video'}, got ${contentType.split(';')[0]}`,
                status,
              ),
            );
          }
          let start = 0;
          let total: number | undefined;
          const length =
            res.headers['content-length'] !== undefined ? Number(res.headers['content-length']) : undefined;
          const rangeHonoured = status === 206 && resumeAt > 0;
          if (status === 206) {
            const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)/i.exec(String(res.headers['content-range'] ?? ''));
            if (!m || Number(m[1]) !== resumeAt) {
              res.resume();
              return fail(
                new DownloadError(
                  'http',
                  `unexpected Content-Range ${String(res.headers['content-range'] ?? '')}`,
                  status,
                ),
              );
            }
            start = resumeAt;
            total = m[3] === '*' ? undefined : Number(m[3]);
          } else {
            // A 200 to a Range request: the server starts over; so do we.
            total = length !== undefined && Number.isFinite(length) ? length : undefined;
          }
          if (total !== undefined && total > options.maxBytes) {
            res.destroy();
            return fail(
              new DownloadError('tooLarge', `the file is ${total} bytes, more than the ${options.maxBytes}-byte limit`),
            );
          }
          // The validator of this response; a response without one means the next drop starts over.
          const nextValidator =
            strongValidator(
              res.headers.etag as string | undefined,
              res.headers['last-modified'] as string | undefined,
            ) ?? (rangeHonoured ? validator : undefined);
          out = createWriteStream(temp, { flags: start > 0 ? 'a' : 'w' });
          const file = out;
          let size = start;
          let ended = false;
          const armIdle = () => {
            if (idleTimer) clearTimeout(idleTimer);
            idleTimer = setTimeout(
              () => res.destroy(new Error('no data for the idle limit')),
              options.idleMs ?? 60_000,
            );
          };
          armIdle();
          const done = (outcome: 'done' | 'dropped', dropReason?: string) => {
            if (idleTimer) clearTimeout(idleTimer);
            file.end(() =>
              finish(() =>
                resolve({
                  outcome,
                  size,
                  total,
                  validator: nextValidator,
                  contentType,
                  url: checked,
                  sameOrigin,
                  rangeHonoured,
                  dropReason,
                }),
              ),
            );
          };
          res.on('data', (chunk: Buffer) => {
            if (settled) return;
            size += chunk.length;
            if (size > options.maxBytes) {
              res.destroy();
              if (idleTimer) clearTimeout(idleTimer);
              return fail(new DownloadError('tooLarge', `the file is larger than the ${options.maxBytes}-byte limit`));
            }
            armIdle();
            if (!file.write(chunk)) {
              res.pause();
              file.once('drain', () => res.resume());
            }
            options.onProgress?.(size, total);
          });
          res.on('end', () => {
            ended = true;
            if (settled) return;
            if (total !== undefined && size < total) return done('dropped', `ended at ${size} of ${total} bytes`);
            done('done');
          });
          res.on('error', (e) => {
            if (!settled) done('dropped', e.message);
          });
          res.on('close', () => {
            if (!ended && !settled) done('dropped', 'connection closed');
          });
          file.on('error', (e) => {
            res.destroy();
            fail(e);
          });
        });
        req.end();
      };
      startHop(checked, headers, {
        policy: options.policy,
        agent: options.agent,
        refuse: (m) => new DownloadError('refused', m),
      }).then((req) => (settled ? void req.destroy() : use(req)), fail);
    };
    send(startUrl, startSameOrigin, 0);
  });
}
