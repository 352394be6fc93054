// What a model is for, from the endpoint types the gateway lists for it first and its name second: the one definition
// that the chat, the editor commands, completions, the LM provider and the video and image features all use.

export type ModelKind = 'chat' | 'video' | 'image' | 'audio' | 'embedding' | 'rerank' | 'moderation';

/** new-api's `supported_endpoint_types` values and the kind each one serves. */
const ENDPOINT_KINDS: Readonly<Record<string, ModelKind>> = {
  openai: 'chat',
  'openai-response': 'chat',
  anthropic: 'chat',
  gemini: 'chat',
  'openai-video': 'video',
  'image-generation': 'image',
  embeddings: 'embedding',
  'jina-rerank': 'rerank',
};

/** Name patterns, tried on the id without its provider prefix (`google/veo-3.1` → `veo-3.1`). */
const NAME_KINDS: readonly (readonly [RegExp, ModelKind])[] = [
  [
    /(?:^|[_.-])(?:veo|sora|kling|runway|gen-?[34]|hailuo|seedance|wan\d|vidu|pika|luma|ray-?\d|video)(?:$|[/_.\d-])/i,
    'video',
  ],
  [
    /(?:^|[_.-])(?:dall-e|gpt-image|image|flux|midjourney|mj|stable-diffusion|sdxl|sd3|imagen|seedream|kolors|recraft|ideogram|hidream|qwen-image)(?:$|[/_.\d-])/i,
    'image',
  ],
  [/(?:^|[_.-])(?:whisper|tts|audio|speech|transcribe|realtime)(?:$|[/_.\d-])/i, 'audio'],
  [/(?:^|[_.-])rerank(?:er)?(?:$|[/_.\d-])/i, 'rerank'],
  [/(?:^|[_.-])(?:embed(?:ding)?s?|text-embedding|bge|m3e)(?:$|[/_.\d-])/i, 'embedding'],
  [/(?:^|[_.-])moderation(?:$|[/_.\d-])/i, 'moderation'],
];

/** The id without any provider prefix: `google/veo-3.1` → `veo-3.1`, `models/gemini-2.5-pro` → `gemini-2.5-pro`. */
export function bareModelName(id: string): string {
  const trimmed = id.trim();
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * The kind of a model. A listed endpoint type of a generation kind (video, image) wins over everything, so a model a
 * gateway lists for generation is always treated as paid generation whatever its name; otherwise a name that says
 * video, image, audio, embedding, rerank or moderation wins over chat endpoint types (gateways list `openai` for
 * almost everything); otherwise the endpoint types decide, and a model nobody describes is a chat model.
 */
export function modelKind(id: string, endpointTypes?: readonly string[]): ModelKind {
  const listed = (endpointTypes ?? []).map((t) => ENDPOINT_KINDS[t]).filter((k): k is ModelKind => k !== undefined);
  if (listed.includes('video')) return 'video';
  if (listed.includes('image')) return 'image';
  const bare = bareModelName(id);
  const named = NAME_KINDS.find(([pattern]) => pattern.test(bare))?.[1];
  if (named) return named;
  if (listed.length > 0) return listed.includes('chat') ? 'chat' : listed[0]!;
  // Endpoint types we do not know say nothing either way.
  return 'chat';
}

/** True for a model whose every request spends generation credits (video or image): it must always ask first. */
export function isPaidGenerationModel(id: string, endpointTypes?: readonly string[]): boolean {
  const kind = modelKind(id, endpointTypes);
  return kind === 'video' || kind === 'image';
}

/** True for a model that answers chat completions with text. */
export function isChatKind(id: string, endpointTypes?: readonly string[]): boolean {
  return modelKind(id, endpointTypes) === 'chat';
}
