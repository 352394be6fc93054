// Reads the capabilities a gateway's model list entry states about itself (GET /models), for the client's model list.
import type { ModelInfo } from './types';

/**
 * Capabilities a model list entry states itself, in the shapes gateways use: OpenRouter's
 * `architecture.input_modalities` / `supported_parameters` / `context_length` / `top_provider.context_length` and
 * `max_completion_tokens`, new-api's and LiteLLM's `max_input_tokens`, and flat `capabilities: { vision, tools | function_calling }` objects. Undefined when it states none.
 */
export function reportedCapabilities(entry: Record<string, unknown>): ModelInfo['capabilities'] {
  const out: NonNullable<ModelInfo['capabilities']> = {};
  const arch = asRecord(entry.architecture);
  const modalities = arch?.input_modalities ?? entry.input_modalities;
  if (Array.isArray(modalities)) out.imageInput = modalities.includes('image');
  const params = entry.supported_parameters;
  if (Array.isArray(params)) out.toolCalling = params.includes('tools');
  const caps = asRecord(entry.capabilities);
  if (caps) {
    const vision = caps.vision ?? caps.image_input;
    if (typeof vision === 'boolean') out.imageInput = vision;
    const tools = caps.tools ?? caps.function_calling ?? caps.tool_calling;
    if (typeof tools === 'boolean') out.toolCalling = tools;
  }
  const ctx =
    entry.context_length ??
    entry.context_window ??
    entry.max_input_tokens ??
    entry.max_context_tokens ??
    asRecord(entry.top_provider)?.context_length;
  if (typeof ctx === 'number') out.contextTokens = ctx;
  const maxOut = asRecord(entry.top_provider)?.max_completion_tokens ?? entry.max_output_tokens;
  if (typeof maxOut === 'number') out.maxOutputTokens = maxOut;
  return Object.keys(out).length ? out : undefined;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
