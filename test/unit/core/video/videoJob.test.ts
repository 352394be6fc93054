// Unit tests of the video job state machine, status mapping, storage validation and resumption.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyVideoJobEvent,
  createVideoJob,
  parseStoredVideoJob,
  pollDelayMs,
  resumeActionFor,
  VideoJobTransitionError,
  videoStatusEvent,
  type VideoJob,
} from '../../../../src/core/video/videoJob';
import { describeVeoModel, veoModelsToOffer, VEO_MODEL_IDS, isVeoModel } from '../../../../src/core/video/videoModels';
import { promptSlug, videoFileName } from '../../../../src/core/video/videoFileName';

const base = (endpoint: 'videos' | 'chatCompletions' = 'videos'): VideoJob =>
  createVideoJob({ id: 'j1', endpoint, model: 'veo-3.1', prompt: 'a cat', now: 1 });

test('Videos API path: submitting → queued → processing → downloading → completed', () => {
  let j = base();
  assert.equal(j.state, 'submitting');
  j = applyVideoJobEvent(j, { type: 'accepted', remoteId: 'video_1', requestId: 'r1' }, 2);
  assert.equal(j.state, 'queued');
  assert.equal(j.remoteId, 'video_1');
  j = applyVideoJobEvent(j, { type: 'progress', status: 'processing', percent: 40 }, 3);
  assert.equal(j.state, 'processing');
  assert.equal(j.progress, 40);
  // A later "queued" poll does not move a processing job backwards.
  j = applyVideoJobEvent(j, { type: 'progress', status: 'queued' }, 4);
  assert.equal(j.state, 'processing');
  j = applyVideoJobEvent(j, { type: 'result', urls: ['u1', 'u2'] }, 5);
  assert.equal(j.state, 'downloading');
  j = applyVideoJobEvent(j, { type: 'downloaded', file: '/f1.mp4' }, 6);
  assert.equal(j.state, 'downloading', 'waits for the second result');
  j = applyVideoJobEvent(j, { type: 'downloaded', file: '/f2.mp4' }, 7);
  assert.equal(j.state, 'completed');
  assert.deepEqual(j.files, ['/f1.mp4', '/f2.mp4']);
  assert.equal(j.updatedAt, 7);
});

test('events never mutate the previous record', () => {
  const j = base();
  const k = applyVideoJobEvent(j, { type: 'accepted', remoteId: 'x' }, 2);
  assert.equal(j.state, 'submitting');
  assert.notEqual(j, k);
});

test('invalid transitions throw; late failure after completion is ignored', () => {
  const j = base();
  assert.throws(() => applyVideoJobEvent(j, { type: 'downloaded', file: 'f' }, 2), VideoJobTransitionError);
  assert.throws(() => applyVideoJobEvent(j, { type: 'result', urls: [] }, 2), VideoJobTransitionError);
  let done = applyVideoJobEvent(j, { type: 'result', urls: ['u'] }, 2);
  done = applyVideoJobEvent(done, { type: 'downloaded', file: 'f' }, 3);
  assert.equal(done.state, 'completed');
  assert.equal(applyVideoJobEvent(done, { type: 'cancelled' }, 4), done);
  assert.throws(() => applyVideoJobEvent(done, { type: 'progress', percent: 3 }, 4), VideoJobTransitionError);
});

test('failure keeps the error and request id; cancel is terminal', () => {
  const f = applyVideoJobEvent(base(), { type: 'failed', error: 'content policy', requestId: 'r9' }, 2);
  assert.equal(f.state, 'failed');
  assert.equal(f.error, 'content policy');
  assert.equal(f.requestId, 'r9');
  const c = applyVideoJobEvent(base(), { type: 'cancelled' }, 2);
  assert.equal(c.state, 'cancelled');
  assert.deepEqual(resumeActionFor(c), { kind: 'none' });
});

test('resumption: poll a Videos-API job, download a known result, interrupt a chat stream', () => {
  const queued = applyVideoJobEvent(base(), { type: 'accepted', remoteId: 'video_7' }, 2);
  assert.deepEqual(resumeActionFor(queued), { kind: 'poll', remoteId: 'video_7' });
  const chat = applyVideoJobEvent(base('chatCompletions'), { type: 'progress', line: '生成进度: 3%' }, 2);
  assert.deepEqual(resumeActionFor(chat), { kind: 'interrupt' });
  let dl = applyVideoJobEvent(base('chatCompletions'), { type: 'result', urls: ['u1', 'u2'] }, 2);
  dl = applyVideoJobEvent(dl, { type: 'downloaded', file: 'f1' }, 3);
  assert.deepEqual(resumeActionFor(dl), { kind: 'download', urls: ['u2'] });
  // A Videos-API job that never got an id cannot be found again.
  assert.deepEqual(resumeActionFor(base()), { kind: 'interrupt' });
});

test('a job survives a JSON round trip; malformed records are refused', () => {
  let j = applyVideoJobEvent(base(), { type: 'accepted', remoteId: 'video_1' }, 2);
  j = applyVideoJobEvent(j, { type: 'progress', status: 'processing', percent: 10, line: 'processing' }, 3);
  assert.deepEqual(parseStoredVideoJob(JSON.parse(JSON.stringify(j))), j);
  assert.equal(parseStoredVideoJob(null), undefined);
  assert.equal(parseStoredVideoJob({ ...j, state: 'weird' }), undefined);
  assert.equal(parseStoredVideoJob({ ...j, endpoint: 'other' }), undefined);
  assert.deepEqual(parseStoredVideoJob({ ...j, files: [1, 2] })?.files, []);
});

test('Videos API statuses map to events, with in_progress and error objects', () => {
  assert.deepEqual(videoStatusEvent({ status: 'queued', progress: 0 }), {
    kind: 'progress',
    status: 'queued',
    percent: 0,
  });
  assert.deepEqual(videoStatusEvent({ status: 'in_progress', progress: 55 }), {
    kind: 'progress',
    status: 'processing',
    percent: 55,
  });
  assert.deepEqual(videoStatusEvent({ status: 'completed' }), { kind: 'completed' });
  assert.deepEqual(videoStatusEvent({ status: 'failed', error: { message: 'policy violation' } }), {
    kind: 'failed',
    error: 'policy violation',
  });
  assert.deepEqual(videoStatusEvent({ status: 'failed' }), { kind: 'failed', error: 'failed' });
  assert.deepEqual(videoStatusEvent({ status: 'new-thing' }), { kind: 'unknown', status: 'new-thing' });
});

test('poll delays grow from 5 s to 15 s and scale down for tests', () => {
  assert.equal(pollDelayMs(0), 5000);
  assert.equal(pollDelayMs(5), 10000);
  assert.equal(pollDelayMs(50), 15000);
  assert.equal(pollDelayMs(0, 0.01), 50);
});

test('the eight veo-3.1 ids are described as applerouter describes them', () => {
  assert.equal(VEO_MODEL_IDS.length, 8);
  assert.deepEqual(describeVeoModel('veo-3.1'), {
    id: 'veo-3.1',
    tier: 'flagship',
    orientation: 'portrait',
    flashSale: false,
    size: '9x16',
    width: 720,
    height: 1280,
  });
  const d = describeVeoModel('veo-3.1-landscape-fast-fl');
  assert.equal(d.tier, 'fast');
  assert.equal(d.orientation, 'landscape');
  assert.equal(d.flashSale, true);
  assert.equal(d.size, '16x9');
  assert.equal(isVeoModel('gpt-4o'), false);
  assert.deepEqual(veoModelsToOffer(['gpt-4o']), [...VEO_MODEL_IDS]);
  assert.deepEqual(veoModelsToOffer(['veo-3.1-fast', 'gpt-4o', 'veo-3.1', 'veo-4']), [
    'veo-3.1',
    'veo-3.1-fast',
    'veo-4',
  ]);
});

test('file names are ours: date, model, prompt slug, index', () => {
  const d = new Date(2026, 10, 26, 9, 5, 7);
  assert.equal(
    videoFileName(d, 'veo-3.1-fast', 'A cat, playing piano!'),
    '2026-11-26_090507_veo-3.1-fast_a-cat-playing-piano.mp4',
  );
  assert.equal(videoFileName(d, 'veo-3.1', '一只猫在弹钢琴', 1), '2026-11-26_090507_veo-3.1_一只猫在弹钢琴-2.mp4');
  assert.equal(videoFileName(d, '../../evil', '../../etc/passwd'), '2026-11-26_090507_evil_etc-passwd.mp4');
  assert.equal(promptSlug('!!!'), 'video');
  assert.ok([...promptSlug('word '.repeat(50))].length <= 40);
});
