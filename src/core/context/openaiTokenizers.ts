// OpenAI's public tokenizers (gpt-tokenizer); bundled apart (dist/tokenizer.js) and loaded on the first count.
// Ambient types of gpt-tokenizer's subpath exports, for every program that includes this file (the e2e one too).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./gptTokenizer.d.ts" />
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import type { Encoding } from './tokenCounter';

export const tokenizers: Record<Encoding, (text: string) => number> = {
  o200k_base: (text) => o200k(text),
  cl100k_base: (text) => cl100k(text),
};
