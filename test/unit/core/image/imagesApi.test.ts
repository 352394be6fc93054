// The Images API through the real client against the test gateway: both answer shapes, the multipart edit, refusals.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createGatewayClient, GatewayError, type GatewayClient } from '../../../../src/core';
import {
  buildImageGenerationBody,
  createImageEditForm,
  decodeBase64Image,
  encodeForm,
  parseImageAnswer,
} from '../../../../src/core/gateway/images';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { imageEditRecords, scenePng } from '../../../gateway/images';

const PNG = scenePng(3, 32, 16);

describe('parseImageAnswer', () => {
  it('decodes b64_json and keeps urls exactly as issued, with the revised prompt', () => {
    const url = 'https://bucket.example/img.png?X-Expires=1&X-Signature=a%2Bb&raw=a&b';
    const a = parseImageAnswer(
      { data: [{ b64_json: PNG.toString('base64') }, { url, revised_prompt: 'A fox, detailed' }] },
      200,
      'rid-1',
    );
    assert.equal(a.requestId, 'rid-1');
    assert.equal(a.images[0]!.kind, 'bytes');
    assert.deepEqual(a.images[0]!.kind === 'bytes' && a.images[0].data, PNG);
    assert.deepEqual(a.images[1], { kind: 'url', url, revisedPrompt: 'A fox, detailed' });
  });

  it('takes a data: URL in `url` and a data: prefix in b64_json as bytes', () => {
    const dataUrl = `data:image/png;base64,${PNG.toString('base64')}`;
    const a = parseImageAnswer({ data: [{ url: dataUrl }, { b64_json: dataUrl }] }, 200, undefined);
    assert.deepEqual(
      a.images.map((i) => i.kind),
      ['bytes', 'bytes'],
    );
  });

  it('refuses what is not an answer: an error body with 200, no data, bad base64, an empty entry', () => {
    assert.throws(
      () =>
        parseImageAnswer(
          { error: { message: 'upstream failed (request id: R9)', code: 'image_failed' } },
          200,
          undefined,
        ),
      (e: unknown) => e instanceof GatewayError && e.message === 'upstream failed' && e.requestId === 'R9',
    );
    assert.throws(() => parseImageAnswer({ data: [] }, 200, 'r'), /no images/);
    assert.throws(() => parseImageAnswer({ data: [{ b64_json: 'not*base64' }] }, 200, 'r'), /not valid base64/);
    assert.throws(() => parseImageAnswer({ data: [{}] }, 200, 'r'), /neither b64_json nor url/);
    assert.equal(decodeBase64Image('abcde'), undefined, 'a length no base64 text has');
    assert.equal(decodeBase64Image('aGVsbG8=')!.toString(), 'hello');
    assert.equal(decodeBase64Image('aGVs\nbG8=')!.toString(), 'hello', 'line breaks as MIME base64 has them');
    for (const bad of ['aGVs*bG8=', 'aG=VsbG8', 'aGVsbG8?', 'aGVsbG8==='])
      assert.equal(decodeBase64Image(bad), undefined, bad);
  });

  it('builds the generation body with only what was chosen', () => {
    assert.deepEqual(buildImageGenerationBody({ model: 'gpt-image-1', prompt: 'p' }), {
      model: 'gpt-image-1',
      prompt: 'p',
    });
    assert.deepEqual(buildImageGenerationBody({ model: 'm', prompt: 'p', n: 3, size: '1024x1024', quality: 'high' }), {
      model: 'm',
      prompt: 'p',
      n: 3,
      size: '1024x1024',
      quality: 'high',
    });
  });

  it('encodes the edit as multipart with the image and mask bytes intact', async () => {
    const mask = scenePng(9, 32, 16);
    const { bytes, contentType } = await encodeForm(
      createImageEditForm({
        model: 'gpt-image-1',
        prompt: '给狐狸戴上围巾',
        n: 2,
        image: { data: PNG, mimeType: 'image/png', fileName: 'fox photo.png' },
        mask: { data: mask, mimeType: 'image/png', fileName: 'mask.png' },
      }),
    );
    assert.match(contentType, /^multipart\/form-data; boundary=/);
    const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
    assert.equal(form.get('model'), 'gpt-image-1');
    assert.equal(form.get('prompt'), '给狐狸戴上围巾');
    assert.equal(form.get('n'), '2');
    const image = form.get('image') as File;
    assert.equal(image.name, 'fox photo.png');
    assert.equal(image.type, 'image/png');
    assert.deepEqual(Buffer.from(await image.arrayBuffer()), PNG);
    assert.deepEqual(Buffer.from(await (form.get('mask') as File).arrayBuffer()), mask);
  });
});

describe('the Images API against the test gateway', () => {
  let gw: TestGateway;
  let client: GatewayClient;
  before(async () => {
    gw = await startTestGateway();
    client = createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-images' });
  });
  after(() => gw.close());

  it('gpt-image-1 answers b64_json; dall-e-3 answers a signed url and a revised prompt', async () => {
    const a = await client.generateImages({
      model: 'gpt-image-1',
      prompt: 'a fox',
      size: '1024x1024',
      quality: 'high',
    });
    assert.equal(a.images.length, 1);
    assert.equal(a.images[0]!.kind, 'bytes');
    const sent = gw.requests.at(-1)!;
    assert.equal(sent.path, '/v1/images/generations');
    assert.deepEqual(sent.json, { model: 'gpt-image-1', prompt: 'a fox', size: '1024x1024', quality: 'high' });
    assert.ok(a.requestId);
    const b = await client.generateImages({ model: 'dall-e-3', prompt: 'a fox' });
    assert.equal(b.images[0]!.kind, 'url');
    assert.match(b.images[0]!.kind === 'url' ? b.images[0].url : '', /X-Signature=/);
    assert.match(b.images[0]!.revisedPrompt ?? '', /a fox/);
  });

  it('several images come back for n', async () => {
    const a = await client.generateImages({ model: 'qwen-image-plus', prompt: 'hills', n: 3 });
    assert.equal(a.images.length, 3);
    assert.equal(new Set(a.images.map((i) => (i.kind === 'url' ? i.url : ''))).size, 3);
  });

  it('a refusal is one GatewayError with the gateway message and its request id, and is never retried', async () => {
    const cases: [Parameters<GatewayClient['generateImages']>[0], RegExp, string][] = [
      [{ model: 'dall-e-3', prompt: 'x [img:policy]' }, /safety system/, 'badRequest'],
      [{ model: 'dall-e-3', prompt: 'x', size: '999x999' }, /Invalid value: '999x999'/, 'badRequest'],
      [{ model: 'no-such-image-model', prompt: 'x' }, /无可用渠道/, 'server'],
      [{ model: 'gpt-image-1', prompt: 'x [img:error200]' }, /upstream image task failed/, 'server'],
    ];
    for (const [request, message, kind] of cases) {
      const before = gw.requests.length;
      await assert.rejects(client.generateImages(request), (e: unknown) => {
        assert.ok(e instanceof GatewayError);
        assert.match(e.message, message);
        assert.ok(e.requestId, `request id for ${request.prompt}`);
        assert.match(e.toUserMessage(), new RegExp(e.requestId!));
        assert.ok(e.kind === kind || kind === 'server', `${e.kind} for ${e.message}`);
        return true;
      });
      assert.equal(gw.requests.length - before, 1, 'one request, no retry');
    }
  });

  it('the edit goes as multipart to /images/edits with the image, the mask and the fields', async () => {
    const mask = scenePng(5, 32, 16);
    const a = await client.editImage({
      model: 'gpt-image-1',
      prompt: 'add a scarf',
      image: { data: PNG, mimeType: 'image/png', fileName: 'fox.png' },
      mask: { data: mask, mimeType: 'image/png', fileName: 'mask.png' },
    });
    assert.equal(a.images[0]!.kind, 'bytes');
    const rec = imageEditRecords.at(-1)!;
    assert.equal(rec.model, 'gpt-image-1');
    assert.equal(rec.prompt, 'add a scarf');
    assert.deepEqual(rec.image?.bytes, PNG);
    assert.equal(rec.image?.name, 'fox.png');
    assert.deepEqual(rec.mask?.bytes, mask);
    assert.match(gw.requests.at(-1)!.headers['content-type'] ?? '', /^multipart\/form-data; boundary=/);
  });

  it('Stop aborts a slow answer: the request is closed', async () => {
    const controller = new AbortController();
    const p = client.generateImages({ model: 'gpt-image-1', prompt: 'x [img:slow:5000]' }, controller.signal);
    const deadline = Date.now() + 5000;
    while (!gw.requests.some((r) => r.json && (r.json as { prompt?: string }).prompt === 'x [img:slow:5000]'))
      if (Date.now() > deadline) throw new Error('no request');
      else await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await assert.rejects(p, (e: unknown) => e instanceof GatewayError && e.kind === 'aborted');
    const rec = gw.requests.find((r) => (r.json as { prompt?: string } | undefined)?.prompt === 'x [img:slow:5000]')!;
    while (!rec.closedEarly && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 20));
    assert.equal(rec.closedEarly, true);
  });
});
