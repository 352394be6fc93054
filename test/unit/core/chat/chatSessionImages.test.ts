// An image model in the chat session: the paid question first, the images kept as attachments, refusals and Stop.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { GatewayError } from '../../../../src/core';
import { ChatSession, chatSessionMessages, type ChatImageDeps, type SessionMessage } from '../../../../src/core/chat';
import { modelKind } from '../../../../src/core/models';
import { imageDimensions } from '../../../../src/core/image';
import { sessionDeps, testClient } from './sessionDeps';

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(() => gw.close());

/** Image generation as the host does it, minus the files: the gateway's images as data URIs. */
function images(): ChatImageDeps & { prompts: string[]; attached: (string | undefined)[] } {
  const client = testClient(gw.baseUrl);
  const prompts: string[] = [];
  const attached: (string | undefined)[] = [];
  return {
    prompts,
    attached,
    isImageModel: (m) => modelKind(m) === 'image',
    async generate(request, signal) {
      prompts.push(request.prompt);
      attached.push(request.image?.name);
      try {
        const a = await client.generateImages({ model: request.model, prompt: request.prompt }, signal);
        const bytes = a.images.map((i) => (i.kind === 'bytes' ? i.data : Buffer.alloc(0)));
        return {
          images: bytes.map((b, i) => ({
            name: `image-${i}.png`,
            mime: 'image/png' as const,
            dataUrl: `data:image/png;base64,${b.toString('base64')}`,
            ...(imageDimensions(b) ?? { width: 0, height: 0 }),
          })),
          files: bytes.map((_, i) => `/tmp/image-${i}.png`),
          ...(a.images[0]?.revisedPrompt ? { revisedPrompt: a.images[0].revisedPrompt } : {}),
        };
      } catch (e) {
        throw new Error(e instanceof GatewayError ? e.toUserMessage() : String(e));
      }
    },
  };
}

describe('an image model in the chat', () => {
  it('asks first, then answers with the images as attachments (nothing goes to /chat/completions)', async () => {
    const asked: string[] = [];
    const img = images();
    const { deps } = await sessionDeps(gw.baseUrl, {
      defaults: () => ({ model: 'gpt-image-1', systemPrompt: '', sampling: {} }),
      images: img,
      confirmPaidGeneration: async (m) => (asked.push(m), true),
    });
    const session = new ChatSession(deps);
    const before = gw.requests.length;
    await session.send('a lighthouse at night', []);
    assert.deepEqual(asked, ['gpt-image-1']);
    assert.deepEqual(img.prompts, ['a lighthouse at night']);
    const paths = gw.requests.slice(before).map((r) => r.path);
    assert.deepEqual(paths, ['/v1/images/generations']);
    const a = session.conversation.messages[1] as SessionMessage;
    assert.equal(a.status, 'done');
    assert.equal(a.images?.length, 1);
    assert.match(a.images![0]!.dataUrl, /^data:image\/png;base64,iVBOR/);
    assert.equal(a.images![0]!.width, 256);
    assert.deepEqual(a.generated?.files, ['/tmp/image-0.png']);
    // Saved with the conversation (as attachment files, like pasted images).
    await session.persist();
    await deps.store.flush();
    const saved = await deps.store.load(session.conversation.id);
    assert.equal(saved.kind === 'ok' && saved.conversation.messages[1]!.images?.length, 1);
  });

  it('an image attached to the prompt goes along as the image to edit', async () => {
    const img = images();
    const { deps } = await sessionDeps(gw.baseUrl, {
      defaults: () => ({ model: 'gpt-image-1', systemPrompt: '', sampling: {} }),
      images: img,
      confirmPaidGeneration: async () => true,
    });
    const session = new ChatSession(deps);
    const photo = {
      name: 'photo.png',
      mime: 'image/png' as const,
      dataUrl: 'data:image/png;base64,iVBORw0KGgo=',
      width: 1,
      height: 1,
    };
    await session.send('make it night', [photo]);
    await session.send('again, without one', []);
    assert.deepEqual(img.attached, ['photo.png', undefined]);
  });

  it('without a yes nothing is sent and the answer says so, with Retry', async () => {
    const img = images();
    const { deps } = await sessionDeps(gw.baseUrl, {
      defaults: () => ({ model: 'dall-e-3', systemPrompt: '', sampling: {} }),
      images: img,
      confirmPaidGeneration: async () => false,
    });
    const session = new ChatSession(deps);
    await session.send('x', []);
    const a = session.conversation.messages[1]!;
    assert.equal(a.status, 'stopped');
    assert.equal(a.error?.message, chatSessionMessages.imageNotConfirmed);
    assert.deepEqual(img.prompts, []);
  });

  it('a refusal is one sentence with the gateway message and request id, with Retry and Show Log', async () => {
    const { deps } = await sessionDeps(gw.baseUrl, {
      defaults: () => ({ model: 'dall-e-3', systemPrompt: '', sampling: {} }),
      images: images(),
      confirmPaidGeneration: async () => true,
    });
    const session = new ChatSession(deps);
    await session.send('a forbidden thing [img:policy]', []);
    const a = session.conversation.messages[1]!;
    assert.equal(a.status, 'error');
    assert.match(a.error!.message, /^The image was not made: .*safety system.*request id/);
    assert.deepEqual(a.error!.actions, ['retry', 'showLog']);
    assert.equal(a.images, undefined);
  });

  it('Stop during a slow answer closes the request and marks the answer stopped', async () => {
    const { deps } = await sessionDeps(gw.baseUrl, {
      defaults: () => ({ model: 'gpt-image-1', systemPrompt: '', sampling: {} }),
      images: images(),
      confirmPaidGeneration: async () => true,
    });
    const session = new ChatSession(deps);
    const sent = session.send('slow [img:slow:5000]', []);
    const deadline = Date.now() + 5000;
    while (
      !session.streamingRequestId ||
      !gw.requests.some((r) => (r.json as { prompt?: string })?.prompt === 'slow [img:slow:5000]')
    )
      if (Date.now() > deadline) throw new Error('not sent');
      else await new Promise((r) => setTimeout(r, 10));
    session.cancel(session.streamingRequestId);
    await sent;
    const a = session.conversation.messages[1]!;
    assert.equal(a.status, 'stopped');
    assert.equal(a.error?.message, chatSessionMessages.imageCancelled);
  });
});
