// Which models do fill-in-the-middle over POST /completions, and which way a completion request goes.

/** Model families known to accept `prompt` + `suffix` on /completions (matched against the model id). */
const FIM_MODEL_FAMILIES: readonly RegExp[] = [
  /codestral/i,
  /deepseek-(coder|chat|v3)/i,
  /starcoder/i,
  /qwen[\d.]*-?coder/i,
  /code-?llama/i,
  /codegemma/i,
  /stable-?code/i,
  /granite-?\d*-?code/i,
  /gpt-3\.5-turbo-instruct/i,
  /\b(davinci|babbage)-002\b/i,
];

export type CompletionEndpointSetting = 'auto' | 'completions' | 'chat';
export type CompletionEndpoint = 'completions' | 'chat';

export function isFimModel(model: string): boolean {
  return FIM_MODEL_FAMILIES.some((re) => re.test(model));
}

/**
 * The endpoint for one request: an explicit setting wins; `auto` takes /completions for known FIM families,
 * unless this model already refused it (then chat, so a refusal costs one request, not one per keystroke).
 */
export function chooseEndpoint(
  setting: CompletionEndpointSetting,
  model: string,
  refusedFim: ReadonlySet<string>,
): CompletionEndpoint {
  if (setting === 'completions' || setting === 'chat') return setting;
  return isFimModel(model) && !refusedFim.has(model) ? 'completions' : 'chat';
}
