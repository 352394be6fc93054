// Types of gpt-tokenizer's per-encoding entry points (its package exports them; older module resolution cannot see them).
declare module 'gpt-tokenizer/encoding/o200k_base' {
  export function countTokens(text: string): number;
}
declare module 'gpt-tokenizer/encoding/cl100k_base' {
  export function countTokens(text: string): number;
}
