// OpenAI's public tokenizers (gpt-tokenizer); bundled apart (dist/tokenizer.js) and loaded on the first count.
import { countTokens as o200k } from 'gpt-tokenizer/cjs/encoding/o200k_base';
import { countTokens as cl100k } from 'gpt-tokenizer/cjs/encoding/cl100k_base';
import type { Encoding } from './tokenCounter';

export const tokenizers: Record<Encoding, (text: string) => number> = {
  o200k_base: (text) => o200k(text),
  cl100k_base: (text) => cl100k(text),
};
