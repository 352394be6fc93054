// Saved conversations for the history bench: deterministic text with a natural spread of common and rare words.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createConversation, type Conversation } from '../src/core/chat/conversation';

const COMMON = (
  'the a to of and in is it you that for this with on be are as can not or use your have if from by at an will ' +
  'function return value file code error type string number list data test run build config server request ' +
  'response module import export class method call async await promise array object key name path line change'
).split(' ');
const CHINESE = ['这个函数', '返回值', '错误信息', '配置文件', '请解释', '代码示例', '性能问题', '测试用例'];

/** A small fast PRNG (mulberry32), so every run writes the same conversations. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 20,000 made-up words after the common ones, drawn with a Zipf-like skew (rare words are most of the vocabulary). */
function vocabulary(): string[] {
  const rnd = random(7);
  const syllables = ['ka', 'to', 'ri', 'mu', 'se', 'na', 'lo', 'vi', 'de', 'pa', 'qu', 'zen', 'tor', 'ble', 'str'];
  const words = new Set<string>(COMMON);
  while (words.size < 20_000) {
    let w = '';
    const n = 2 + Math.floor(rnd() * 3);
    for (let i = 0; i < n; i++) w += syllables[Math.floor(rnd() * syllables.length)];
    words.add(w);
  }
  return [...words];
}

const VOCAB = vocabulary();

function word(rnd: () => number): string {
  return VOCAB[Math.min(VOCAB.length - 1, Math.floor(Math.pow(rnd(), 3) * VOCAB.length))]!;
}

function sentence(rnd: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(rnd() < 0.02 ? CHINESE[Math.floor(rnd() * CHINESE.length)]! : word(rnd));
  return out.join(' ');
}

/** Conversation i: about 40 messages, questions of 10–30 words and answers of 40–120. */
export function makeConversation(i: number, messages = 40): Conversation {
  const rnd = random(1000 + i);
  const now = 1_700_000_000_000 + i * 60_000;
  const c = createConversation(`conv-${i}`, 'gpt-4o', '', now);
  c.title = sentence(rnd, 5);
  for (let m = 0; m < messages; m++) {
    const user = m % 2 === 0;
    c.messages.push({
      id: `m${i}-${m}`,
      role: user ? 'user' : 'assistant',
      text: sentence(rnd, user ? 10 + Math.floor(rnd() * 20) : 40 + Math.floor(rnd() * 80)),
      status: 'done',
      createdAt: now + m,
    });
  }
  return c;
}

/**
 * Writes `count` conversations and the index snapshot a store would have written for them (plain writes: building
 * the data is not what is measured).
 */
export async function writeStore(dir: string, count: number): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const entries = [];
  for (let i = 0; i < count; i++) {
    const c = makeConversation(i);
    await fs.writeFile(path.join(dir, `${c.id}.json`), JSON.stringify(c));
    entries.push({
      id: c.id,
      title: c.title,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      messageCount: c.messages.length,
    });
  }
  await fs.writeFile(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 1, generation: 1, entries }));
}
