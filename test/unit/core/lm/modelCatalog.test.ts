// Unit tests of the chat-model filter and the capability table (pure logic).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chatModelsOf,
  DEFAULT_CAPABILITIES,
  describeChatModel,
  isChatModel,
} from '../../../../src/core/lm/modelCatalog';
import { reportedCapabilities } from '../../../../src/core/gateway/modelEntry';

test('video, image, audio and embedding models are not chat models, whatever endpoint types they list', () => {
  for (const id of [
    'veo-3.1',
    'veo-3.1-landscape-fast-fl',
    'sora-2',
    'gpt-image-1',
    'dall-e-3',
    'qwen-image-plus',
    'gemini-2.5-flash-image-preview',
    'text-embedding-3-small',
    'bge-m3',
    'whisper-1',
    'tts-1',
    'gpt-4o-mini-tts',
    'gpt-4o-audio-preview',
    'gpt-4o-realtime-preview',
    'omni-moderation-latest',
    'jina-rerank-v2',
  ]) {
    assert.equal(isChatModel({ id, endpointTypes: ['openai'] }), false, id);
  }
  for (const id of [
    'gpt-4o',
    'gpt-4o-mini',
    'claude-3-5-sonnet',
    'deepseek-reasoner',
    'gemini-2.0-flash',
    'qwen-vl-max',
    'o3-mini',
    'kimi-k2',
    'glm-4.5',
  ]) {
    assert.equal(isChatModel({ id }), true, id);
  }
});

test('endpoint types decide for ids the patterns do not know', () => {
  assert.equal(isChatModel({ id: 'my-model', endpointTypes: ['embeddings'] }), false);
  assert.equal(isChatModel({ id: 'my-model', endpointTypes: ['openai-video'] }), false);
  assert.equal(isChatModel({ id: 'my-model', endpointTypes: ['anthropic'] }), true);
  assert.equal(isChatModel({ id: 'my-model', endpointTypes: [] }), true);
});

test('known families get their capabilities and limits from the table', () => {
  const gpt = describeChatModel({ id: 'gpt-4o' });
  assert.deepEqual(
    { ...gpt },
    {
      id: 'gpt-4o',
      family: 'gpt-4o',
      imageInput: true,
      toolCalling: true,
      maxInputTokens: 131072,
      maxOutputTokens: 16384,
      source: 'table',
    },
  );
  assert.equal(describeChatModel({ id: 'gpt-4o-mini' }).family, 'gpt-4o-mini');
  assert.equal(describeChatModel({ id: 'claude-3-5-sonnet' }).imageInput, true);
  const r1 = describeChatModel({ id: 'deepseek-reasoner' });
  assert.equal(r1.toolCalling, false);
  assert.equal(r1.imageInput, false);
  assert.equal(describeChatModel({ id: 'deepseek-chat' }).toolCalling, true);
  assert.equal(describeChatModel({ id: 'qwen-vl-max' }).imageInput, true);
  assert.equal(describeChatModel({ id: 'qwen-max' }).imageInput, false);
  assert.equal(describeChatModel({ id: 'anthropic/claude-sonnet-4' }).family, 'claude');
});

test('an unknown model gets the conservative default', () => {
  const d = describeChatModel({ id: 'acme-chat-7b' });
  assert.equal(d.source, 'default');
  assert.equal(d.family, 'acme-chat-7b');
  assert.equal(d.imageInput, DEFAULT_CAPABILITIES.imageInput);
  assert.equal(d.toolCalling, DEFAULT_CAPABILITIES.toolCalling);
});

test('what the gateway reports wins over the table', () => {
  const d = describeChatModel({ id: 'gpt-4o', capabilities: { imageInput: false, contextTokens: 64000 } });
  assert.equal(d.imageInput, false);
  assert.equal(d.toolCalling, true);
  assert.equal(d.maxInputTokens, 64000);
  assert.equal(d.source, 'gateway');
});

test('reportedCapabilities reads OpenRouter-style and flat capability fields, and nothing from new-api entries', () => {
  assert.deepEqual(
    reportedCapabilities({
      id: 'x',
      architecture: { input_modalities: ['text', 'image'] },
      supported_parameters: ['tools', 'temperature'],
      context_length: 200000,
      top_provider: { max_completion_tokens: 8192 },
    }),
    { imageInput: true, toolCalling: true, contextTokens: 200000, maxOutputTokens: 8192 },
  );
  assert.deepEqual(reportedCapabilities({ id: 'y', capabilities: { vision: false, function_calling: true } }), {
    imageInput: false,
    toolCalling: true,
  });
  assert.equal(
    reportedCapabilities({ id: 'gpt-4o', object: 'model', owned_by: 'custom', supported_endpoint_types: ['openai'] }),
    undefined,
  );
});

test('chatModelsOf keeps the gateway order and drops the rest', () => {
  const ids = chatModelsOf([
    { id: 'veo-3.1' },
    { id: 'gpt-4o' },
    { id: 'text-embedding-3-small', endpointTypes: ['embeddings'] },
    { id: 'claude-3-5-sonnet' },
  ]).map((m) => m.id);
  assert.deepEqual(ids, ['gpt-4o', 'claude-3-5-sonnet']);
});
