// Figures for the language-model provider's plain logic: request conversion, token estimates, the model filter.
import { chatModelsOf, estimateMessageTokens, estimateTokens, toChatMessages, type LmMessage } from '../src/core/lm';

function time(label: string, runs: number, fn: () => unknown): void {
  fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn();
  const perRun = Number(process.hrtime.bigint() - start) / runs / 1e6;
  console.log(`${label.padEnd(58)} ${perRun.toFixed(3)} ms`);
}

export async function run(): Promise<void> {
  const conversation: LmMessage[] = [
    { role: 'system', parts: [{ kind: 'text', text: 'You are a coding assistant.'.repeat(20) }] },
  ];
  for (let i = 0; i < 100; i++) {
    conversation.push({
      role: 'user',
      parts: [{ kind: 'text', text: `Question ${i}: ${'explain this code '.repeat(40)}` }],
    });
    conversation.push({
      role: 'assistant',
      parts: [{ kind: 'toolCall', callId: `c${i}`, name: 'read_file', input: { path: `src/file${i}.ts` } }],
    });
    conversation.push({
      role: 'user',
      parts: [{ kind: 'toolResult', callId: `c${i}`, content: 'const x = 1;\n'.repeat(200) }],
    });
  }
  const image: LmMessage = {
    role: 'user',
    parts: [
      { kind: 'text', text: 'What is this?' },
      { kind: 'image', mimeType: 'image/png', data: new Uint8Array(1024 * 1024) },
    ],
  };
  const text = 'function add(a: number, b: number) { return a + b; } // 加法\n'.repeat(20_000);
  const models = Array.from({ length: 500 }, (_, i) => ({
    id: ['gpt-4o', 'claude-3-5-sonnet', 'veo-3.1', 'text-embedding-3-small', 'acme'][i % 5] + `-${i}`,
  }));

  time('toChatMessages: 301 messages with 100 tool rounds', 200, () => toChatMessages(conversation));
  time('toChatMessages: one 1 MiB image (base64 data URI)', 50, () => toChatMessages([image]));
  console.log(`${'estimateTokens input'.padEnd(58)} ${(text.length / 1e6).toFixed(2)} M characters`);
  time('estimateTokens: that text', 20, () => estimateTokens(text));
  time('estimateMessageTokens: the 301-message conversation', 50, () =>
    conversation.reduce((n, m) => n + estimateMessageTokens(m), 0),
  );
  time('chatModelsOf: 500 listed models', 200, () => chatModelsOf(models));
}
