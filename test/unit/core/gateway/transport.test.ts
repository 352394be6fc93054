// Retries, timeouts, cancellation and logging of the gateway client, counted on the test gateway's side.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createGatewayClient } from '../../../../src/core/gateway/client';
import type { GatewayClientOptions, GatewayClient } from '../../../../src/core/gateway/types';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { chat, drain, MemoryLogger, waitFor } from './drain';

let gw: TestGateway;

function make(over: Partial<GatewayClientOptions> = {}): GatewayClient {
  return createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-test', ...over });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

before(async () => {
  gw = await startTestGateway();
});
beforeEach(() => gw.reset());
after(() => gw.close());

describe('retries', () => {
  test('two failures then success: three requests, one answer', async () => {
    const d = await drain(make(), chat('scenario:fail-then-ok-2'));
    assert.equal(d.error, undefined);
    assert.equal(d.content, 'recovered');
    assert.equal(gw.requests.length, 3);
  });
  test('at most two retries by default', async () => {
    const d = await drain(make(), chat('scenario:fail-then-ok-5'));
    assert.equal(d.error?.kind, 'server');
    assert.equal(gw.requests.length, 3);
  });
  test('maxRetries per call: 0 sends one request', async () => {
    const c = make();
    await assert.rejects(
      async () => {
        for await (const _ of c.streamChat(chat('scenario:fail-then-ok-1'), undefined, { maxRetries: 0 })) void _;
      },
      { kind: 'server' },
    );
    assert.equal(gw.requests.length, 1);
  });
  test('429 with retry-after-ms is retried, then reported as rateLimit', async () => {
    const d = await drain(make(), chat('scenario:http-429-retry-after-ms'));
    assert.equal(d.error?.kind, 'rateLimit');
    assert.equal(gw.requests.length, 3);
  });
  test('Retry-After in seconds is honoured', async () => {
    const d = await drain(make({ maxRetries: 1 }), chat('scenario:http-429-retry-after-seconds'));
    assert.equal(d.error?.kind, 'rateLimit');
    assert.equal(gw.requests.length, 2);
  });
  test('Retry-After as an HTTP date is honoured', async () => {
    const d = await drain(make({ maxRetries: 1 }), chat('scenario:http-429-retry-after-date'));
    assert.equal(d.error?.kind, 'rateLimit');
    assert.equal(gw.requests.length, 2);
  });
  test('Retry-After: 300 is not slept through: one request, the wait in the message', async () => {
    const d = await drain(make(), chat('scenario:http-429-retry-after-300'));
    assert.equal(gw.requests.length, 1);
    assert.equal(d.error?.kind, 'rateLimit');
    assert.equal(d.error?.retryAfterMs, 300_000);
    assert.match(d.error!.message, /300 s/);
    assert.match(d.error!.toUserMessage(), /wait 300 seconds/);
  });
  test('4xx other than 408/409/429 is not retried', async () => {
    await drain(make(), chat('scenario:http-401'));
    await drain(make(), chat('scenario:http-404'));
    assert.equal(gw.requests.length, 2);
  });
  test('never retried once the stream started', async () => {
    const d = await drain(make(), chat('scenario:reset-after-2'));
    assert.equal(d.error?.kind, 'interrupted');
    assert.equal(gw.requests.length, 1);
  });
  test('connection refused → network, after retries', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const log = new MemoryLogger();
    const d = await drain(
      createGatewayClient({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-test', maxRetries: 1, logger: log }),
      chat(),
    );
    assert.equal(d.error?.kind, 'network');
    assert.equal(log.lines.filter((l) => l.includes('[http] retry 1/1')).length, 1);
    assert.match(d.error!.toUserMessage(), /Could not reach the gateway/);
  });
  test('Stop during a retry wait sends nothing more', async () => {
    const ac = new AbortController();
    const p = drain(make(), chat('scenario:http-503'), ac.signal);
    await waitFor(() => gw.requests.length === 1);
    ac.abort();
    const d = await p;
    assert.equal(d.error?.kind, 'aborted');
    await sleep(1500);
    assert.equal(gw.requests.length, 1);
  });
});

describe('timeouts', () => {
  test('no headers in time → timeout (connect)', async () => {
    const d = await drain(make({ maxRetries: 0, timeouts: { connectMs: 200 } }), chat('scenario:slow-headers-2000'));
    assert.equal(d.error?.kind, 'timeout');
    assert.equal(d.error?.timeoutPhase, 'connect');
  });
  test('headers but no first byte in time → timeout (firstByte)', async () => {
    const d = await drain(
      make({ maxRetries: 0, timeouts: { firstByteMs: 200 } }),
      chat('scenario:slow-first-byte-2000'),
    );
    assert.equal(d.error?.kind, 'timeout');
    assert.equal(d.error?.timeoutPhase, 'firstByte');
    assert.match(d.error!.toUserMessage(), /sent nothing/);
  });
  test('a stall mid-stream → timeout (idle), partial text kept, connection closed', async () => {
    const d = await drain(make({ timeouts: { idleMs: 200 } }), chat('scenario:stall'));
    assert.equal(d.content, 'Started then stalled');
    assert.equal(d.error?.kind, 'timeout');
    assert.equal(d.error?.timeoutPhase, 'idle');
    assert.equal(d.error?.partialContent, 'Started then stalled');
    await waitFor(() => gw.requests[0]?.closedEarly === true);
    assert.equal(gw.requests.length, 1);
  });
  test('a consumer that is slow to ask for events is not a stall', async () => {
    const c = make({ timeouts: { firstByteMs: 150, idleMs: 150 } });
    let text = '';
    for await (const e of c.streamChat(chat('scenario:text'))) {
      if (e.type === 'content') text += e.text;
      await sleep(300);
    }
    assert.equal(text, 'Hello, world!');
  });
  test('keep-alive comments count as activity', async () => {
    const d = await drain(
      make({ timeouts: { firstByteMs: 250, idleMs: 250 } }),
      chat('scenario:keepalive-then-answer-6'),
    );
    assert.equal(d.error, undefined);
    assert.equal(d.content, 'after waiting');
  });
  test('unset or invalid timeout values fall back to the defaults', async () => {
    const d = await drain(
      make({ timeouts: { connectMs: undefined, firstByteMs: NaN, idleMs: 0 } }),
      chat('scenario:keepalive-then-answer-2'),
    );
    assert.equal(d.error, undefined);
  });
  test('per-call timeouts override the client ones', async () => {
    const c = make({ timeouts: { idleMs: 100 } });
    const events: string[] = [];
    for await (const e of c.streamChat(chat('scenario:keepalive-then-answer-3'), undefined, {
      timeouts: { idleMs: 2000 },
    }))
      events.push(e.type);
    assert.ok(events.includes('finish'));
  });
});

describe('cancellation', () => {
  test('abort mid-stream → aborted, and the gateway sees the connection close', async () => {
    const ac = new AbortController();
    const c = make();
    let text = '';
    await assert.rejects(
      async () => {
        for await (const e of c.streamChat(chat('scenario:stall'), ac.signal)) {
          if (e.type === 'content') text += e.text;
          if (text === 'Started then stalled') ac.abort();
        }
      },
      { kind: 'aborted' },
    );
    await waitFor(() => gw.requests[0]?.closedEarly === true);
  });
  test('after Stop, events already received are not handed out', async () => {
    const ac = new AbortController();
    const seen: string[] = [];
    await assert.rejects(
      async () => {
        for await (const e of make().streamChat(chat('scenario:buffered'), ac.signal)) {
          seen.push(e.type);
          ac.abort();
        }
      },
      { kind: 'aborted' },
    );
    assert.equal(seen.length, 1);
  });
  test('send and stop 50 times: every connection is closed, nothing is left behind', async () => {
    const c = make();
    for (let i = 0; i < 50; i++) {
      const ac = new AbortController();
      const d = drain(c, chat('scenario:stall'), ac.signal);
      await waitFor(() => gw.requests.length === i + 1);
      ac.abort();
      assert.equal((await d).error?.kind, 'aborted');
    }
    await waitFor(() => gw.requests.every((r) => r.closedEarly === true));
    assert.equal(gw.requests.length, 50);
  });
  test('an already aborted signal sends nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const d = await drain(make(), chat(), ac.signal);
    assert.equal(d.error?.kind, 'aborted');
    assert.equal(gw.requests.length, 0);
  });
  test('abort while waiting for headers', async () => {
    const ac = new AbortController();
    const p = drain(make(), chat('scenario:slow-headers-3000'), ac.signal);
    await waitFor(() => gw.requests.length === 1);
    ac.abort();
    assert.equal((await p).error?.kind, 'aborted');
    await waitFor(() => gw.requests[0]?.closedEarly === true);
  });
  test('breaking out of the loop closes the connection', async () => {
    for await (const e of make().streamChat(chat('scenario:stall'))) {
      if (e.type === 'content') break;
    }
    await waitFor(() => gw.requests[0]?.closedEarly === true);
  });
  test('[DONE] on a connection held open: we close it', async () => {
    const d = await drain(make(), chat('scenario:done-hold'));
    assert.equal(d.content, 'held open');
    await waitFor(() => gw.requests[0]?.closedEarly === true);
  });
});

describe('logging', () => {
  test('tagged lines, never the key or the Authorization header', async () => {
    const key = 'sk-secret-7f3a9c';
    const log = new MemoryLogger();
    const c = make({ apiKey: key, logger: log, headers: { 'X-Custom': 'v' } });
    await drain(c, chat());
    await drain(c, chat('scenario:fail-then-ok-1'));
    await drain(c, chat('scenario:http-404'));
    await drain(c, chat('scenario:midstream-error-openai'));
    await c.listModels();
    await c.getBalance();
    const bad = make({ apiKey: 'sk-bad-secret-1234', logger: log });
    const d = await drain(bad, chat());
    assert.ok(log.lines.some((l) => /\[http\] POST \/chat\/completions 200 \d+ ms/.test(l)));
    assert.ok(log.lines.some((l) => l.includes('[http] retry 1/2')));
    assert.ok(log.lines.some((l) => /\[http\] GET \/models 200/.test(l)));
    for (const l of log.lines) {
      assert.ok(!l.includes(key) && !l.includes('sk-bad-secret-1234'), l);
      assert.ok(!/authorization|bearer/i.test(l), l);
    }
    assert.ok(!d.error!.message.includes('sk-bad-secret-1234'));
    assert.ok(!d.error!.toUserMessage().includes('sk-bad-secret-1234'));
  });
});
