// Which gateway models are chat models, and what each can do: the gateway's own report first, else a table of families.
import { isChatKind } from '../models/modelKind';
import type { ModelInfo } from '../gateway';

export interface ChatModelCapabilities {
  imageInput: boolean;
  toolCalling: boolean;
  maxInputTokens: number;
  maxOutputTokens: number;
}

export interface ChatModelDescription extends ChatModelCapabilities {
  id: string;
  /** The model's family for `vscode.lm.selectChatModels({ family })`: the table row's name, else the id. */
  family: string;
  /** Where the capabilities came from: the gateway's model list, the family table, or the fallback. */
  source: 'gateway' | 'table' | 'default';
}

interface FamilyRow extends ChatModelCapabilities {
  family: string;
  pattern: RegExp;
}

const K = 1024;
/**
 * Known families, most specific first. Limits are the providers' published context and output sizes, rounded
 * down where a gateway commonly serves a smaller window; a model not listed here gets DEFAULT_CAPABILITIES.
 */
const FAMILIES: readonly FamilyRow[] = [
  {
    family: 'gpt-4o-mini',
    pattern: /^(?:openai\/)?gpt-4o-mini/,
    imageInput: true,
    toolCalling: true,
    maxInputTokens: 128 * K,
    maxOutputTokens: 16 * K,
  },
  {
    family: 'gpt-4o',
    pattern: /^(?:openai\/)?(?:chatgpt-)?gpt-4o/,
    imageInput: true,
    toolCalling: true,
    maxInputTokens: 128 * K,
    maxOutputTokens: 16 * K,
  },
  {
    family: 'gpt-4.1',
    pattern: /^(?:openai\/)?gpt-4\.1/,
    imageInput: true,
    toolCalling: true,
    maxInputTokens: 1000 * K,
    maxOutputTokens: 32 * K,
  },
  {
    family: 'gpt-5',
    pattern: /^(?:openai\/)?gpt-5/,
    imageInput: true,
    toolCalling: true,
    maxInputTokens: 272 * K,
    maxOutputTokens: 128 * K,
  },
  {
    family: 'o-series',
    pattern: /^(?:openai\/)?o[134](?:-|$)/,
    imageInput: true,
    toolCalling: true,
    maxInputTokens: 200 * K,
    maxOutputTokens: 100 * K,
  },
  {
    family: 'gpt-4',
    pattern: /^(?:openai\/)?gpt-4(?:-turbo|-\d{4}|$)/,
    imageInput: false,
    toolCalling: true,
    maxInputTokens: 128 * K,
    maxOutputTokens: 4 * K,
  },
  {
    family: 'gpt-3.5',
    pattern: /^(?:openai\/)?gpt-3\.5/,
    imageInput: false,
    toolCalling: true,
    maxInputTokens: 16 * K,
    maxOutputTokens: 4 * K,
  },
  {
    family: 'claude',
    pattern: /^(?:anthropic\/)?claude-/,
    imageInput: true,
    toolCalling: true,
    maxInputTokens: 200 * K,
    maxOutputTokens: 8 * K,
  },
  {
    family: 'gemini',
    pattern: /^(?:google\/)?gemini-/,
    imageInput: true,
    toolCalling: true,
    maxInputTokens: 1000 * K,
    maxOutputTokens: 8 * K,
  },
  {
    family: 'deepseek-reasoner',
    pattern: /^(?:deepseek\/)?deepseek-(?:reasoner|r1)/,
    imageInput: false,
    toolCalling: false,
    maxInputTokens: 64 * K,
    maxOutputTokens: 32 * K,
  },
  {
    family: 'deepseek',
    pattern: /^(?:deepseek\/)?deepseek-/,
    imageInput: false,
    toolCalling: true,
    maxInputTokens: 64 * K,
    maxOutputTokens: 8 * K,
  },
  {
    family: 'qwen-vl',
    pattern: /^(?:qwen\/)?qwen[\w.-]*-vl/,
    imageInput: true,
    toolCalling: true,
    maxInputTokens: 128 * K,
    maxOutputTokens: 8 * K,
  },
  {
    family: 'qwen',
    pattern: /^(?:qwen\/)?qwen/,
    imageInput: false,
    toolCalling: true,
    maxInputTokens: 128 * K,
    maxOutputTokens: 8 * K,
  },
  {
    family: 'grok',
    pattern: /^(?:x-ai\/)?grok-/,
    imageInput: true,
    toolCalling: true,
    maxInputTokens: 128 * K,
    maxOutputTokens: 8 * K,
  },
  {
    family: 'kimi',
    pattern: /^(?:moonshot(?:ai)?\/)?(?:kimi|moonshot)-/,
    imageInput: false,
    toolCalling: true,
    maxInputTokens: 128 * K,
    maxOutputTokens: 8 * K,
  },
  {
    family: 'glm-v',
    pattern: /^(?:z-ai\/)?glm-[\d.]+v/,
    imageInput: true,
    toolCalling: true,
    maxInputTokens: 64 * K,
    maxOutputTokens: 8 * K,
  },
  {
    family: 'glm',
    pattern: /^(?:z-ai\/)?glm-/,
    imageInput: false,
    toolCalling: true,
    maxInputTokens: 128 * K,
    maxOutputTokens: 8 * K,
  },
  {
    family: 'mistral',
    pattern: /^(?:mistralai\/)?(?:mistral|codestral|pixtral|devstral)/,
    imageInput: false,
    toolCalling: true,
    maxInputTokens: 128 * K,
    maxOutputTokens: 8 * K,
  },
  {
    family: 'llama',
    pattern: /^(?:meta-llama\/)?llama-?[34]/,
    imageInput: false,
    toolCalling: true,
    maxInputTokens: 128 * K,
    maxOutputTokens: 4 * K,
  },
];

/** What an unknown chat model is assumed to do: text only, no tools, a modest window. */
export const DEFAULT_CAPABILITIES: ChatModelCapabilities = {
  imageInput: false,
  toolCalling: false,
  maxInputTokens: 32 * K,
  maxOutputTokens: 4 * K,
};

/** True for a model that answers chat completions with text (the one model-kind definition decides). */
export function isChatModel(model: ModelInfo): boolean {
  return isChatKind(model.id, model.endpointTypes);
}

/** Capabilities of one chat model: what the gateway reported, filled in from the family table or the default. */
export function describeChatModel(model: ModelInfo): ChatModelDescription {
  const id = model.id;
  const bare = id.toLowerCase();
  const row = FAMILIES.find((f) => f.pattern.test(bare));
  const base: ChatModelCapabilities = row ?? DEFAULT_CAPABILITIES;
  const reported = model.capabilities;
  const fromGateway = reported !== undefined && Object.values(reported).some((v) => v !== undefined);
  return {
    id,
    family: row?.family ?? id,
    imageInput: reported?.imageInput ?? base.imageInput,
    toolCalling: reported?.toolCalling ?? base.toolCalling,
    maxInputTokens: positive(reported?.contextTokens) ?? base.maxInputTokens,
    maxOutputTokens: positive(reported?.maxOutputTokens) ?? base.maxOutputTokens,
    source: fromGateway ? 'gateway' : row ? 'table' : 'default',
  };
}

/** The chat models of a model list, described, in the gateway's order. */
export function chatModelsOf(models: readonly ModelInfo[]): ChatModelDescription[] {
  return models.filter(isChatModel).map(describeChatModel);
}

function positive(n: number | undefined): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}
