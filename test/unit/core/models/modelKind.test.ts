// The one model-kind definition: endpoint types first, then names, provider prefixes ignored.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bareModelName, isChatKind, isPaidGenerationModel, modelKind } from '../../../../src/core/models';

describe('modelKind', () => {
  const cases: [string, string[] | undefined, string][] = [
    ['gpt-4o', undefined, 'chat'],
    ['gpt-4o', ['openai'], 'chat'],
    ['deepseek-reasoner', ['openai', 'anthropic'], 'chat'],
    ['veo-3.1', undefined, 'video'],
    ['veo-3.1-landscape-fast-fl', ['openai'], 'video'],
    ['google/veo-3.1', undefined, 'video'],
    ['VEO_3', undefined, 'video'],
    ['sora-2', undefined, 'video'],
    ['openai/sora-2-pro', undefined, 'video'],
    ['kling-v2-master', undefined, 'video'],
    ['my-renamed-clip-model', ['openai-video'], 'video'],
    ['gpt-4o', ['openai', 'openai-video'], 'video'],
    ['gpt-image-1', undefined, 'image'],
    ['dall-e-3', ['openai'], 'image'],
    ['black-forest-labs/flux-1.1-pro', undefined, 'image'],
    ['studio-model', ['image-generation'], 'image'],
    ['whisper-1', undefined, 'audio'],
    ['text-embedding-3-small', undefined, 'embedding'],
    ['custom-embedder', ['embeddings'], 'embedding'],
    ['bge-reranker', ['jina-rerank'], 'rerank'],
    ['omni-moderation-latest', undefined, 'moderation'],
    ['llama-3-70b', ['something-new'], 'chat'],
    // Names that merely contain a generation word inside another word stay chat.
    ['veomax-chat', undefined, 'chat'],
    ['imagine-chat', undefined, 'chat'],
  ];
  for (const [id, types, kind] of cases) {
    it(`${id} ${types ? JSON.stringify(types) : ''} is ${kind}`, () => {
      assert.equal(modelKind(id, types), kind);
    });
  }

  it('calls video and image models paid generation, nothing else', () => {
    assert.equal(isPaidGenerationModel('google/veo-3.1'), true);
    assert.equal(isPaidGenerationModel('sora-2'), true);
    assert.equal(isPaidGenerationModel('gpt-image-1'), true);
    assert.equal(isPaidGenerationModel('anything', ['image-generation']), true);
    assert.equal(isPaidGenerationModel('gpt-4o'), false);
    assert.equal(isPaidGenerationModel('whisper-1'), false);
    assert.equal(isChatKind('gpt-4o-mini'), true);
    assert.equal(isChatKind('kling-v1'), false);
  });

  it('strips a provider prefix', () => {
    assert.equal(bareModelName(' google/veo-3.1 '), 'veo-3.1');
    assert.equal(bareModelName('a/b/c'), 'c');
    assert.equal(bareModelName('gpt-4o'), 'gpt-4o');
  });
});
