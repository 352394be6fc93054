// GatewayError's user sentence, request-id parsing and the l10n bundles; src/core and src/shared stay free of 'vscode'.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  coreMessages,
  GatewayError,
  htmlExcerpt,
  kindForStatus,
  kindForStreamError,
  splitRequestId,
} from '../../../../src/core/gateway/errors';
import { retryAfterMs } from '../../../../src/core/gateway/client';

const root = path.resolve(__dirname, '../../../..');

describe('GatewayError', () => {
  test('splits new-api request ids off messages', () => {
    assert.deepEqual(splitRequestId('无效的令牌 (request id: 2025112611abc)'), {
      message: '无效的令牌',
      requestId: '2025112611abc',
    });
    assert.deepEqual(splitRequestId('plain'), { message: 'plain' });
  });

  test('toUserMessage passes the English source string and the gateway message to t', () => {
    const calls: [string, unknown[]][] = [];
    const t = (m: string, ...args: (string | number | boolean)[]): string => {
      calls.push([m, args]);
      return `T(${m})`;
    };
    const e = new GatewayError('auth', '无效的令牌', { status: 401, requestId: 'RID1' });
    assert.equal(e.toUserMessage(t), `T(${coreMessages.auth})`);
    assert.deepEqual(calls[0], [coreMessages.requestId, ['无效的令牌', 'RID1']]);
    assert.equal(calls[1][0], coreMessages.auth);
  });

  test('the English sentence holds the message and the request id', () => {
    const s = new GatewayError('quota', '该令牌额度已用尽', { status: 401, requestId: 'R9' }).toUserMessage();
    assert.equal(
      s,
      'Your gateway quota or balance is used up (该令牌额度已用尽, request id R9); top up the account or use another key.',
    );
  });

  test('every kind gives one sentence', () => {
    const kinds = [
      'auth',
      'quota',
      'rateLimit',
      'notFound',
      'badRequest',
      'server',
      'network',
      'timeout',
      'protocol',
      'interrupted',
      'aborted',
    ] as const;
    for (const k of kinds) {
      const s = new GatewayError(k, 'msg', { timeoutMs: 30_000, timeoutPhase: 'idle' }).toUserMessage();
      assert.match(s, /^[^.;]+(;[^.]+)?\.$/u, s);
    }
  });

  test('a gateway 408 names the gateway, not a number of seconds', () => {
    const s = new GatewayError('timeout', 'Request Timeout', { status: 408, requestId: 'R1' }).toUserMessage();
    assert.equal(s, 'The gateway timed out (Request Timeout, request id R1); try again in a moment.');
  });

  test('status → kind', () => {
    assert.equal(kindForStatus(401), 'auth');
    assert.equal(kindForStatus(403, 'insufficient_user_quota'), 'quota');
    assert.equal(kindForStatus(429, 'insufficient_quota'), 'quota');
    assert.equal(kindForStatus(429), 'rateLimit');
    assert.equal(kindForStatus(404), 'notFound');
    assert.equal(kindForStatus(422), 'badRequest');
    assert.equal(kindForStatus(503), 'server');
    assert.equal(kindForStatus(403, undefined, '该令牌无权访问模型 gpt-4o'), 'notFound');
  });

  test('error objects inside a stream → kind', () => {
    assert.equal(kindForStreamError(undefined, 'new_api_error', undefined, '该令牌额度已用尽'), 'quota');
    assert.equal(kindForStreamError('rate_limit_exceeded'), 'rateLimit');
    assert.equal(kindForStreamError('502', undefined, 502), 'server');
    assert.equal(kindForStreamError(undefined, 'invalid_request_error'), 'badRequest');
    assert.equal(kindForStreamError(undefined, 'server_error'), 'server');
  });

  test('HTML excerpt is plain text', () => {
    const x = htmlExcerpt(
      '<html><head><title>502 Bad Gateway</title></head><body><script>alert(1)</script></body></html>',
    );
    assert.equal(x, 'HTML page: 502 Bad Gateway');
  });

  test('retry-after headers', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '250' }), now), 250);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '2' }), now), 2000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now), 5000);
    assert.equal(retryAfterMs(new Headers({}), now), undefined);
  });
});

describe('localization', () => {
  for (const bundle of ['l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json']) {
    test(`${bundle} has every core message`, () => {
      const j = JSON.parse(readFileSync(path.join(root, bundle), 'utf8')) as Record<string, string>;
      for (const m of Object.values(coreMessages)) {
        assert.ok(typeof j[m] === 'string' && j[m].length > 0, m);
        for (const ph of m.match(/\{\d\}/g) ?? []) assert.ok(j[m].includes(ph), `${bundle}: ${ph} in ${m}`);
      }
      if (bundle.includes('zh-cn'))
        for (const m of Object.values(coreMessages)) if (m !== '{0}, request id {1}') assert.notEqual(j[m], m);
    });
  }
});

describe('no vscode in the core', () => {
  function files(dir: string): string[] {
    let out: string[] = [];
    for (const n of readdirSync(dir)) {
      const p = path.join(dir, n);
      if (statSync(p).isDirectory()) out = out.concat(files(p));
      else if (/\.tsx?$/.test(n)) out.push(p);
    }
    return out;
  }
  test('src/core and src/shared never import vscode', () => {
    const all = [...files(path.join(root, 'src/core')), ...files(path.join(root, 'src/shared'))];
    assert.ok(all.length > 3);
    for (const f of all) {
      const src = readFileSync(f, 'utf8');
      assert.ok(!/(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/.test(src), f);
    }
  });
});
