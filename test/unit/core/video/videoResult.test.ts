// Unit tests of veo result parsing and failure detection (pure logic, no network).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChatVideoCollector,
  MAX_COLLECTED_CHARS,
  MAX_PROGRESS_LINE_CHARS,
  MAX_PROGRESS_LINES,
  MAX_VIDEO_URLS,
  decodeHtmlEntities,
  extractVideoUrls,
  isFailureLine,
  progressPercent,
} from '../../../../src/core/video/videoResult';
import type { ChatEvent } from '../../../../src/core/gateway/types';

const SIGNED = 'https://storage.googleapis.com/v/ce3d?GoogleAccessId=a@b.com&Expires=1770971838&Signature=ayu%3D%3D';

test('single-quoted <video src> with a raw & keeps the whole signed URL', () => {
  assert.deepEqual(extractVideoUrls(`<video src='${SIGNED}' controls style='max-width:100%'></video>`), [SIGNED]);
});

test('double-quoted and unquoted src, with HTML entities decoded', () => {
  const encoded = SIGNED.replace(/&/g, '&amp;');
  assert.deepEqual(extractVideoUrls(`<video controls src="${encoded}"></video>`), [SIGNED]);
  assert.deepEqual(extractVideoUrls(`<VIDEO SRC=https://x.example/a.mp4?a=1&#38;b=2 controls>`), [
    'https://x.example/a.mp4?a=1&b=2',
  ]);
  assert.equal(decodeHtmlEntities('a&#x26;b&quot;&unknown;'), 'a&b"&unknown;');
});

test('<source> inside <video> and a fenced html block', () => {
  const text =
    'Here it is:\n```html\n<video controls>\n  <source src="https://cdn.example/v/1.mp4" type="video/mp4">\n</video>\n```\n';
  assert.deepEqual(extractVideoUrls(text), ['https://cdn.example/v/1.mp4']);
});

test('markdown links, with angle brackets, titles and parentheses in the URL', () => {
  assert.deepEqual(extractVideoUrls('[▶️ 点击播放](https://cdn.example/a.mp4)'), ['https://cdn.example/a.mp4']);
  assert.deepEqual(extractVideoUrls('[v](<https://cdn.example/b c.mp4>)'), ['https://cdn.example/b c.mp4']);
  assert.deepEqual(extractVideoUrls('[v](https://cdn.example/c.mp4 "title")'), ['https://cdn.example/c.mp4']);
  assert.deepEqual(extractVideoUrls('[v](https://cdn.example/w/Foo_(bar).mp4)'), [
    'https://cdn.example/w/Foo_(bar).mp4',
  ]);
});

test('bare URLs lose trailing punctuation and unbalanced parentheses', () => {
  assert.deepEqual(extractVideoUrls('Video: https://cdn.example/x.mp4.'), ['https://cdn.example/x.mp4']);
  assert.deepEqual(extractVideoUrls('(see https://cdn.example/y.mp4)'), ['https://cdn.example/y.mp4']);
  assert.deepEqual(extractVideoUrls('视频地址：https://cdn.example/z.mp4。'), ['https://cdn.example/z.mp4']);
});

test('several results in order, duplicates once, non-http schemes ignored', () => {
  const text = [
    "<video src='https://a.example/1.mp4'></video>",
    '[second](https://a.example/2.mp4)',
    'and https://a.example/3.mp4',
    "<video src='https://a.example/1.mp4'></video>",
    "<video src='javascript:alert(1)'></video> [x](file:///etc/passwd)",
  ].join('\n');
  assert.deepEqual(extractVideoUrls(text), [
    'https://a.example/1.mp4',
    'https://a.example/2.mp4',
    'https://a.example/3.mp4',
  ]);
});

test('bareVideoOnly keeps only URLs that look like video files', () => {
  const text = 'see https://status.example/page and https://cdn.example/v.webm';
  assert.deepEqual(extractVideoUrls(text, { bareVideoOnly: true }), ['https://cdn.example/v.webm']);
});

test('progress percentages and failure lines', () => {
  assert.equal(progressPercent('生成进度: 7%'), 7);
  assert.equal(progressPercent('Progress 42.5 %'), 42.5);
  assert.equal(progressPercent('视频生成中...'), undefined);
  assert.equal(progressPercent('250%'), undefined);
  assert.equal(isFailureLine('❌ 生成失败: 内容违规'), true);
  assert.equal(isFailureLine('Generation failed: quota'), true);
  assert.equal(isFailureLine('生成进度: 7%'), false);
});

/** Replays a recorded SSE file as the events the core client would give. */
function eventsFromSse(file: string): ChatEvent[] {
  const events: ChatEvent[] = [];
  const text = readFileSync(join(__dirname, '../../../fixtures/sse', file), 'utf8');
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]') continue;
    const chunk = JSON.parse(data) as {
      choices: { delta: { content?: string; reasoning_content?: string }; finish_reason: string | null }[];
    };
    for (const c of chunk.choices) {
      if (c.delta.reasoning_content) events.push({ type: 'reasoning', text: c.delta.reasoning_content });
      if (c.delta.content) events.push({ type: 'content', text: c.delta.content });
      if (c.finish_reason) events.push({ type: 'finish', reason: c.finish_reason });
    }
  }
  return events;
}

test('the real flow2api capture gives one signed URL and live progress lines', () => {
  const c = new ChatVideoCollector();
  const live: string[] = [];
  for (const e of eventsFromSse('veo_newapi_flow2api_success.sse')) live.push(...c.push(e));
  assert.equal(live[0], '✨ 视频生成任务已启动');
  assert.ok(live.includes('生成进度: 7%'));
  assert.equal(c.percent, 7);
  const out = c.outcome();
  assert.equal(out.kind, 'success');
  assert.equal(out.kind === 'success' && out.urls.length, 1);
  assert.ok(
    out.kind === 'success' &&
      out.urls[0]!.startsWith('https://storage.googleapis.com/ai-sandbox-videofx/video/ce3d8279'),
  );
  assert.ok(out.kind === 'success' && out.urls[0]!.includes('&Expires=1770971838&Signature='));
  assert.equal(out.finishReason, 'stop');
});

test('progress in content (not reasoning) is shown as progress, the tag is not', () => {
  const c = new ChatVideoCollector();
  const live = [
    ...c.push({ type: 'content', text: '视频生成中...\n生成进' }),
    ...c.push({ type: 'content', text: '度: 50%\n' }),
    ...c.push({ type: 'content', text: "<video src='https://cdn.example/r.mp4' controls></video>" }),
    ...c.push({ type: 'finish', reason: 'STOP' }),
  ];
  assert.deepEqual(live, ['视频生成中...', '生成进度: 50%']);
  assert.deepEqual(c.outcome(), { kind: 'success', urls: ['https://cdn.example/r.mp4'], finishReason: 'STOP' });
});

test('only a failure line and [DONE]: failure with that line, no finish reason', () => {
  const c = new ChatVideoCollector();
  c.push({ type: 'reasoning', text: '✨ 视频生成任务已启动\n' });
  c.push({ type: 'reasoning', text: '生成进度: 12%\n' });
  c.push({ type: 'reasoning', text: '❌ 生成失败: 内容不符合安全政策' });
  assert.deepEqual(c.outcome(), {
    kind: 'failure',
    reason: 'noVideo',
    message: '❌ 生成失败: 内容不符合安全政策',
    finishReason: undefined,
  });
});

test('a finish reason without any URL is still a failure (nothing to show)', () => {
  const c = new ChatVideoCollector();
  c.push({ type: 'content', text: 'Sorry, I cannot make videos.' });
  c.push({ type: 'finish', reason: 'stop' });
  const out = c.outcome();
  assert.equal(out.kind, 'failure');
  assert.equal(out.kind === 'failure' && out.message, 'Sorry, I cannot make videos.');
});

test('an error object wins over progress lines when there is no URL', () => {
  const c = new ChatVideoCollector();
  c.push({ type: 'reasoning', text: '视频生成中...\n' });
  c.fail('upstream timeout (request id: abc)');
  assert.deepEqual(c.outcome(), {
    kind: 'failure',
    reason: 'error',
    message: 'upstream timeout (request id: abc)',
    finishReason: undefined,
  });
});

test('a stream with nothing at all fails with no message', () => {
  const out = new ChatVideoCollector().outcome();
  assert.equal(out.kind, 'failure');
  assert.equal(out.kind === 'failure' && out.message, undefined);
});

test('a hostile answer stays bounded: links, progress lines, line length, text without newlines', () => {
  const c = new ChatVideoCollector();
  const links = Array.from({ length: 50 }, (_, i) => `<video src="https://cdn.example/v/${i}.mp4"></video>`).join('\n');
  c.push({ type: 'content', text: links });
  assert.equal(c.urls.length, MAX_VIDEO_URLS);
  assert.equal(c.urls[0], 'https://cdn.example/v/0.mp4');

  const p = new ChatVideoCollector();
  for (let i = 0; i < 1000; i++) p.push({ type: 'reasoning', text: `progress ${i}%\n` });
  assert.equal(p.progressLines.length, MAX_PROGRESS_LINES);
  assert.equal(p.lastProgressLine, 'progress 999%');
  p.push({ type: 'reasoning', text: `${'x'.repeat(10_000)}\n` });
  assert.equal(p.lastProgressLine!.length, MAX_PROGRESS_LINE_CHARS);

  const n = new ChatVideoCollector();
  for (let i = 0; i < 10; i++) n.push({ type: 'reasoning', text: 'y'.repeat(1024 * 1024) });
  assert.ok(
    n.progressLines.every((l) => l.length <= 64 * 1024),
    'an unfinished line is bounded',
  );
  n.push({
    type: 'content',
    text: 'z'.repeat(MAX_COLLECTED_CHARS) + ' <video src="https://cdn.example/last.mp4"></video>',
  });
  assert.deepEqual(n.urls, ['https://cdn.example/last.mp4'], 'the link at the end of a huge answer is still found');
});
