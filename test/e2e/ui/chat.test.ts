// The chat view in the real workbench: exact streaming, Stop, images, hostile answers, history across a reload.
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { startSession, type Session } from '../harness/session';

const sse = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
const delta = (content: string) =>
  sse({
    id: 'c1',
    object: 'chat.completion.chunk',
    model: 'gpt-4o',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  });
const finish = sse({
  id: 'c1',
  object: 'chat.completion.chunk',
  model: 'gpt-4o',
  choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
});
const usage = sse({
  id: 'c1',
  object: 'chat.completion.chunk',
  model: 'gpt-4o',
  choices: [],
  usage: { prompt_tokens: 11, completion_tokens: 22, total_tokens: 33 },
});
const DONE = 'data: [DONE]\n\n';

/** A PNG of w×h pixels (a gradient), made by hand so the test needs no image library. */
function png(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    for (let x = 0; x < w; x++) {
      raw[row + 1 + x * 3] = (x * 255) / w;
      raw[row + 2 + x * 3] = (y * 255) / h;
      raw[row + 3 + x * 3] = 128;
    }
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('chat view in the workbench', { timeout: 600_000 }, () => {
  let s: Session;
  let frame: Frame;
  const key = `sk-ui-chat-${Date.now().toString(36)}`;

  const chatRequests = async () => (await s.gateway.requests()).filter((r) => r.path === '/v1/chat/completions');
  const lastAssistant = () => frame.locator('.message.assistant').last();
  /** The answer has ended: its footer (meta line and actions) appears only then, and Send is back. */
  const waitDone = async () => {
    await lastAssistant().locator('.message-footer .meta').waitFor({ timeout: 30_000 });
    await frame.locator('.send-button:not(.stop)').waitFor({ timeout: 30_000 });
  };
  /** Sends a message and waits until its answer has started. */
  const send = async (text: string) => {
    const before = await frame.locator('.message.assistant').count();
    const input = frame.getByRole('textbox', { name: 'Message' });
    await input.fill(text);
    await input.press('Enter');
    await frame.locator('.message.assistant').nth(before).waitFor({ timeout: 30_000 });
  };

  before(
    async () => {
      s = await startSession({ name: 'chat', activityTitle: 'AppleRouter' });
      await s.step('set key', () => s.wb.setApiKey(key));
      frame = await s.step('open view', () => s.wb.openChat());
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('a streamed answer with Chinese and emoji split across chunks appears exactly', async () => {
    await s.step('exact stream', async () => {
      await s.gateway.reset();
      const pieces = ['你好', '，世界！', '🎉 emoji 👨‍👩‍👧‍👦', ' and 中文', '混合 text', '. Done ✅'];
      const body = pieces.map(delta).join('') + finish + usage + DONE;
      const bytes = Buffer.from(body, 'utf8');
      // Cut every 5 bytes: most cuts fall inside a multi-byte character.
      const cuts: number[] = [];
      for (let i = 5; i < bytes.length; i += 5) cuts.push(i);
      await s.gateway.enqueue({ body, chunking: cuts, delayMs: 2 });
      await send('Say hello in Chinese');
      await waitDone();
      const text = await lastAssistant().locator('.message-body').innerText();
      assert.equal(text.trim(), pieces.join(''));
      const footer = await lastAssistant().locator('.message-footer .meta').innerText();
      assert.match(footer, /33/);
      const req = (await chatRequests())[0]!;
      const json = req.json as { model: string; stream: boolean; messages: { role: string; content: unknown }[] };
      assert.equal(json.model, 'gpt-4o');
      assert.equal(json.stream, true);
      assert.deepEqual(json.messages.at(-1), { role: 'user', content: 'Say hello in Chinese' });
      assert.equal('temperature' in json, false, 'unset settings are not sent');
    });
  });

  it('Stop ends the stream and the gateway sees the connection close', async () => {
    await s.step('stop', async () => {
      await s.gateway.reset();
      const chunks = Array.from({ length: 400 }, (_, i) => delta(`word${i} `));
      await s.gateway.enqueue({ chunks, delayMs: 50, end: 'hold' });
      await send('Talk for a long time');
      await lastAssistant().locator('.message-body', { hasText: 'word3' }).waitFor({ timeout: 20_000 });
      await frame.getByRole('button', { name: 'Stop' }).click();
      await waitDone();
      await lastAssistant().locator('.message-status', { hasText: 'Stopped' }).waitFor({ timeout: 10_000 });
      const deadline = Date.now() + 10_000;
      for (;;) {
        const r = (await chatRequests())[0];
        if (r?.closedEarly) break;
        if (Date.now() > deadline) assert.fail('the gateway did not see the connection close');
        await new Promise((res) => setTimeout(res, 200));
      }
      const shown = await lastAssistant().locator('.message-body').innerText();
      assert.match(shown, /word3/, 'the partial text stays');
      assert.doesNotMatch(shown, /word399/);
    });
  });

  it('an attached large image is downscaled and reaches the gateway as an image_url part', async () => {
    await s.step('image', async () => {
      await s.gateway.reset();
      await frame.setInputFiles('input[type=file]', {
        name: 'wide.png',
        mimeType: 'image/png',
        buffer: png(3000, 1200),
      });
      await frame.locator('.thumbs img.thumb').waitFor({ timeout: 20_000 });
      await send('What is in this picture?');
      await waitDone();
      const req = (await chatRequests())[0]!;
      const user = (req.json as { messages: { role: string; content: unknown }[] }).messages.at(-1)!;
      const parts = user.content as { type: string; text?: string; image_url?: { url: string } }[];
      assert.equal(parts[0]!.type, 'text');
      assert.equal(parts[0]!.text, 'What is in this picture?');
      const url = parts.find((p) => p.type === 'image_url')!.image_url!.url;
      assert.match(url, /^data:image\/png;base64,/);
      const bin = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
      assert.equal(bin.readUInt32BE(16), 2048, 'long side downscaled to 2048');
      assert.equal(bin.readUInt32BE(20), 819);
      await frame.locator('.message.user img.thumb').last().waitFor();
    });
  });

  it('a hostile answer renders inert and nothing reaches the attacker', async () => {
    await s.step('hostile', async () => {
      await s.gateway.reset();
      const o = s.gateway.origin;
      const hostile = [
        'Look <im',
        `g src="${o}/attacker/img" onerror="fetch('${o}/attacker/xss')">`,
        `\n\n![chart](${o}/attacker/md.png)\n\n![ref][r]\n\n[r]: ${o}/attacker/ref.png\n\n`,
        '[run me](command:workbench.action.terminal.new) and [js](javas',
        `cript:fetch('${o}/attacker/js')) <script>fetch('${o}/attacker/script')</script>`,
        `\n\n<video poster="${o}/attacker/poster.png"></video> <svg onload="fetch('${o}/attacker/svg')"></svg>\n`,
      ];
      await s.gateway.enqueue({ chunks: hostile.map(delta).concat([finish, DONE]), delayMs: 30 });
      await send('Be hostile');
      await waitDone();
      const body = lastAssistant().locator('.message-body');
      await body.locator('.remote-image').first().waitFor();
      const inert = await body.evaluate((el) => {
        const bad: string[] = [];
        for (const n of Array.from(el.querySelectorAll('*'))) {
          if (
            ['SCRIPT', 'IFRAME', 'VIDEO', 'SVG', 'OBJECT', 'EMBED', 'STYLE', 'LINK'].includes(n.tagName.toUpperCase())
          )
            bad.push(n.tagName);
          for (const a of Array.from(n.attributes)) {
            if (a.name.startsWith('on') || a.name === 'href' || a.name === 'srcset' || a.name === 'poster')
              bad.push(`${n.tagName}@${a.name}`);
            if (a.name === 'src' && !a.value.startsWith('data:')) bad.push(`${n.tagName}@src=${a.value}`);
          }
        }
        return bad;
      });
      assert.deepEqual(inert, []);
      assert.match(await body.innerText(), /attacker\/md\.png/, 'the remote image shows as its URL');
      // Clicking the command: link must not run anything.
      await body.getByText('run me').click();
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(await s.page.locator('.terminal-wrapper').count(), 0, 'no terminal was opened');
      await s.wb.dismissOverlays();
      const hits = (await s.gateway.requests()).filter((r) => r.path.startsWith('/attacker'));
      assert.deepEqual(
        hits.map((r) => r.path),
        [],
      );
    });
  });

  it('a remote image loads only when the user asks, through the host, without the key', async () => {
    await s.step('load image', async () => {
      await s.gateway.reset();
      const url = `${s.gateway.origin}/images/pic.png`;
      await s.gateway.enqueue({ chunks: [delta(`Here: ![pic](${url})`), finish, DONE] });
      await s.gateway.enqueue({
        path: '/images/pic.png',
        headers: { 'content-type': 'image/png' },
        bodyBase64: png(40, 20).toString('base64'),
      });
      await send('Show a picture');
      await waitDone();
      const body = lastAssistant().locator('.message-body');
      await body.locator('.remote-image').waitFor();
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(
        (await s.gateway.requests()).filter((r) => r.path === '/images/pic.png').length,
        0,
        'nothing fetched before the click',
      );
      await body.getByRole('button', { name: 'Load image' }).click();
      const img = body.locator('img.md-image');
      await img.waitFor({ timeout: 15_000 });
      assert.match((await img.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
      const hits = (await s.gateway.requests()).filter((r) => r.path === '/images/pic.png');
      assert.equal(hits.length, 1);
      assert.equal(hits[0]!.headers['authorization'], undefined, 'the key never goes to an image host');
    });
  });

  it('renders markdown with a highlighted code block and its actions; the model picker marks video models', async () => {
    await s.step('markdown and models', async () => {
      await s.gateway.reset();
      await send('Show me a TypeScript function');
      await waitDone();
      const block = lastAssistant().locator('.code-block').first();
      await block.locator('.hljs-keyword').first().waitFor({ timeout: 10_000 });
      for (const name of ['Copy code', 'Insert at cursor', 'Open in new editor'])
        await block.getByRole('button', { name }).waitFor();
      assert.match(await lastAssistant().locator('.message-body').innerText(), /Show me a TypeScript function/);
      const picker = frame.getByRole('combobox', { name: 'Model' });
      await picker.click();
      await picker.fill('veo-3.1-fast');
      const option = frame.getByRole('option', { name: /veo-3\.1-fast/ }).first();
      await option.waitFor();
      assert.match(await option.innerText(), /video/);
      await picker.press('Escape');
      assert.equal(await picker.inputValue(), 'gpt-4o', 'Escape keeps the model');
    });
  });

  it('New Chat starts an empty conversation; the history finds the old one by its text and reopens it', async () => {
    await s.step('history', async () => {
      await s.wb.newChat();
      await s.wb.runCommand('AppleRouter: Chat History');
      const search = frame.getByRole('searchbox', { name: 'Search conversations' });
      await search.waitFor();
      await search.fill('TypeScript function');
      const item = frame.locator('.history-item', { hasText: 'Say hello in Chinese' });
      await item.waitFor({ timeout: 10_000 });
      assert.equal(await frame.locator('.history-item').count(), 1);
      await search.fill('no conversation says this');
      await frame.locator('.history-list .empty').waitFor({ timeout: 10_000 });
      await search.fill('');
      await item.locator('.history-open').click();
      await frame.locator('.message.user', { hasText: 'Show me a TypeScript function' }).waitFor({ timeout: 10_000 });
      assert.equal(await frame.locator('.conversation-title').innerText(), 'Say hello in Chinese');
    });
  });

  it('measures the time from the gateway writing a chunk to its text appearing (2,000 chunks)', async () => {
    await s.step(
      'latency',
      async () => {
        await s.gateway.reset();
        const N = 2000;
        // Paragraphs of 25 chunks, as answers have; one endless paragraph is the renderer's worst case (redrawn whole).
        const piece = (i: number) => `m${i}\u2009${i % 25 === 24 ? '\n\n' : ''}`;
        await s.gateway.enqueue({
          chunks: Array.from({ length: N }, (_, i) => delta(piece(i))).concat([finish, DONE]),
          delayMs: 4,
        });
        // Watches the answer's DOM and notes when each marker first shows (same machine, same wall clock).
        // A string, not a function: the test runner's transpiler would add helpers the page does not have.
        await frame.evaluate(`(() => {
        const n = ${N};
        window.__seen = [];
        const transcript = document.querySelector('.transcript');
        let next = 0;
        window.__obs = new MutationObserver(() => {
          const bodies = transcript.querySelectorAll('.message.assistant .message-body');
          const text = bodies[bodies.length - 1]?.textContent ?? '';
          while (next < n && text.includes('m' + next + '\\u2009')) window.__seen[next++] = Date.now();
        });
        window.__obs.observe(transcript, { childList: true, subtree: true, characterData: true });
        // When each marker reached the webview as a message, to split host time from drawing time.
        window.__arrived = [];
        window.addEventListener('message', (e) => {
          const m = e.data;
          if (!m || m.type !== 'chat/didAppend') return;
          for (const x of m.content.matchAll(/m(\\d+)\\u2009/g)) window.__arrived[Number(x[1])] = Date.now();
        });
      })()`);
        await send('Count to two thousand');
        await waitDone();
        const seen = (await frame.evaluate(
          '(() => { window.__obs.disconnect(); return window.__seen; })()',
        )) as number[];
        const arrived = (await frame.evaluate('window.__arrived')) as number[];
        const req = (await chatRequests())[0] as unknown as { writtenAt?: number[] };
        const written = req.writtenAt ?? [];
        assert.equal(seen.length, N, 'every chunk appeared, in order');
        assert.ok(written.length >= N, 'the gateway recorded its writes');
        const lat = seen.map((t, i) => t - written[i]!).sort((a, b) => a - b);
        const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!;
        console.log(
          `chat latency, gateway write → text in the webview, ${N} chunks: median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${lat.at(-1)} ms`,
        );
        const split = (xs: number[]) => {
          const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
          return `median ${v[Math.floor(v.length / 2)]} ms, p95 ${v[Math.floor(v.length * 0.95)]} ms`;
        };
        console.log(
          `  of which gateway write → message in the webview: ${split(arrived.map((t, i) => t - written[i]!))}; message → drawn: ${split(seen.map((t, i) => t - arrived[i]!))}`,
        );
      },
      120_000,
    );
  });

  it(
    'a window reload in the middle of a stream keeps the answer, marked interrupted',
    { timeout: 240_000 },
    async () => {
      await s.step(
        'reload',
        async () => {
          await s.gateway.reset();
          const chunks = Array.from({ length: 300 }, (_, i) => delta(`part${i} `));
          await s.gateway.enqueue({ chunks, delayMs: 40, end: 'hold' });
          await send('Stream then reload');
          await lastAssistant().locator('.message-body', { hasText: 'part60' }).waitFor({ timeout: 20_000 });
          // Long enough after part60 for a checkpoint (every second) to have saved it.
          await new Promise((r) => setTimeout(r, 1500));
          await s.page.reload();
          await s.wb.ready('AppleRouter');
          await s.wb.openView('AppleRouter');
          frame = await s.wb.webviewFrame('.message.assistant', 90_000);
          const last = frame.locator('.message.assistant').last();
          await last.locator('.message-status', { hasText: 'interrupted' }).waitFor({ timeout: 30_000 });
          assert.match(await last.locator('.message-body').innerText(), /part60/);
          await last.getByRole('button', { name: 'Retry' }).waitFor();
          // Earlier turns of the conversation are still there.
          assert.ok((await frame.locator('.message.user').count()) >= 4);
        },
        200_000,
      );
    },
  );
});

describe('chat view without a valid key', { timeout: 600_000 }, () => {
  let s: Session;
  let frame: Frame;

  before(
    async () => {
      s = await startSession({ name: 'chatNoKey', activityTitle: 'AppleRouter' });
      frame = await s.step('open view', () => s.wb.openChat());
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('explains what to do and offers Set API Key in place', async () => {
    await s.step('no key', async () => {
      const panel = frame.locator('.no-key');
      await panel.waitFor({ state: 'visible' });
      assert.match(await panel.innerText(), /API key/);
      const input = frame.getByRole('textbox', { name: 'Message' });
      await input.fill('hello');
      await input.press('Enter');
      const err = frame.locator('.message.assistant .message-error').last();
      await err.waitFor();
      assert.match(await err.innerText(), /No API key is set/);
      assert.equal(
        (await s.gateway.requests()).filter((r) => r.path === '/v1/chat/completions').length,
        0,
        'nothing was sent without a key',
      );
      await panel.getByRole('button', { name: 'Set API Key' }).click();
      await s.wb.answerInput(`sk-bad-${Date.now().toString(36)}`, /API key/);
      await s.wb.waitForNotification('无效的令牌');
    });
  });

  it('a rejected key (401) shows the gateway message with its request id and Set API Key', async () => {
    await s.step('401', async () => {
      await s.wb.dismissOverlays();
      const input = frame.getByRole('textbox', { name: 'Message' });
      const before = await frame.locator('.message.assistant').count();
      await input.fill('hello again');
      await input.press('Enter');
      const msg = frame.locator('.message.assistant').nth(before);
      const err = msg.locator('.message-error');
      await err.locator('.error-text').waitFor({ timeout: 30_000 });
      const text = await err.innerText();
      assert.match(text, /无效的令牌/);
      assert.match(text, /request id/i);
      await err.getByRole('button', { name: 'Set API Key' }).waitFor();
      const req = (await s.gateway.requests()).filter((r) => r.path === '/v1/chat/completions');
      assert.equal(req.length, 1, 'one request, no retries of a 401');
    });
  });
});
