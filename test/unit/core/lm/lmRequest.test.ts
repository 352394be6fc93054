// Unit tests of the language-model request conversion: messages, tool calls and results, images, tools, options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseToolArguments,
  samplingOptions,
  toChatMessages,
  toChatTools,
  type LmMessage,
} from '../../../../src/core/lm/lmRequest';
import { estimateMessageTokens, estimateTokens, IMAGE_TOKENS } from '../../../../src/core/lm/tokenEstimate';

test('text messages become plain string contents, with adjacent text parts joined', () => {
  const messages: LmMessage[] = [
    { role: 'system', parts: [{ kind: 'text', text: 'Be brief.' }] },
    {
      role: 'user',
      parts: [
        { kind: 'text', text: 'Hello ' },
        { kind: 'text', text: 'there' },
      ],
    },
    { role: 'assistant', parts: [{ kind: 'text', text: 'Hi!' }] },
  ];
  assert.deepEqual(toChatMessages(messages), [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hello there' },
    { role: 'assistant', content: 'Hi!' },
  ]);
});

test('a tool round: the assistant call and the user-side result become tool_calls and a tool message', () => {
  const messages: LmMessage[] = [
    { role: 'user', parts: [{ kind: 'text', text: 'Weather?' }] },
    { role: 'assistant', parts: [{ kind: 'toolCall', callId: 'c1', name: 'get_weather', input: { city: 'Paris' } }] },
    {
      role: 'user',
      parts: [
        { kind: 'toolResult', callId: 'c1', content: 'sunny' },
        { kind: 'text', text: 'And tomorrow?' },
      ],
    },
  ];
  assert.deepEqual(toChatMessages(messages), [
    { role: 'user', content: 'Weather?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    },
    { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
    { role: 'user', content: 'And tomorrow?' },
  ]);
});

test('a user turn with only tool results adds no empty user message', () => {
  const out = toChatMessages([
    {
      role: 'user',
      parts: [
        { kind: 'toolResult', callId: 'a', content: '1' },
        { kind: 'toolResult', callId: 'b', content: '2' },
      ],
    },
  ]);
  assert.deepEqual(
    out.map((m) => m.role),
    ['tool', 'tool'],
  );
});

test('images become image_url parts with a data URI', () => {
  const data = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  const out = toChatMessages([
    {
      role: 'user',
      parts: [
        { kind: 'text', text: 'What is this?' },
        { kind: 'image', mimeType: 'image/png', data },
      ],
    },
  ]);
  assert.deepEqual(out, [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw==' } },
      ],
    },
  ]);
});

test('tools are function tools; auto mode says auto, required names a single tool or says required', () => {
  const tools = [
    {
      name: 'search',
      description: 'Search the web',
      inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
    },
  ];
  assert.deepEqual(toChatTools(tools, 'auto'), {
    tools: [
      {
        type: 'function',
        function: {
          name: 'search',
          description: 'Search the web',
          parameters: { type: 'object', properties: { q: { type: 'string' } } },
        },
      },
    ],
    tool_choice: 'auto',
  });
  assert.deepEqual(toChatTools(tools, 'required').tool_choice, { type: 'function', function: { name: 'search' } });
  assert.equal(toChatTools([...tools, { name: 'open', description: '' }], 'required').tool_choice, 'required');
  // A tool without a schema still gets an object schema, which OpenAI-compatible servers require.
  assert.deepEqual(toChatTools([{ name: 'now', description: '' }], 'auto').tools?.[0].function, {
    name: 'now',
    parameters: { type: 'object', properties: {} },
  });
  assert.deepEqual(toChatTools([], 'required'), {});
  assert.deepEqual(toChatTools(undefined, 'auto'), {});
});

test('only known sampling options are taken from modelOptions, as numbers', () => {
  assert.deepEqual(
    samplingOptions({ temperature: 0.2, maxTokens: 100.7, top_p: 0.9, stop: ['END'], secret: 'x', n: 3 }),
    { temperature: 0.2, top_p: 0.9, max_tokens: 100, stop: ['END'] },
  );
  assert.deepEqual(samplingOptions({ temperature: '0.2' }), {});
  assert.deepEqual(samplingOptions(undefined), {});
});

test('tool arguments must be a JSON object; empty means none', () => {
  assert.deepEqual(parseToolArguments('{"a":1}'), { ok: true, value: { a: 1 } });
  assert.deepEqual(parseToolArguments(''), { ok: true, value: {} });
  assert.equal(parseToolArguments('{"a":').ok, false);
  assert.equal(parseToolArguments('[1]').ok, false);
});

test('token estimate: about 4 characters per token for English, one per CJK character', () => {
  assert.equal(estimateTokens(''), 0);
  assert.equal(estimateTokens('abcd'), 1);
  assert.equal(estimateTokens('a'.repeat(401)), 101);
  assert.equal(estimateTokens('你好世界'), 4);
  assert.equal(estimateTokens('hi 你好'), 3);
  const n = estimateMessageTokens({
    role: 'user',
    parts: [
      { kind: 'text', text: 'abcdefgh' },
      { kind: 'image', mimeType: 'image/png', data: new Uint8Array(10) },
    ],
  });
  assert.equal(n, 4 + 2 + IMAGE_TOKENS);
});
