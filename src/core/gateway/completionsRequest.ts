// The body of a legacy `POST /completions` request (fill-in-the-middle with `prompt` and `suffix`).

export interface CompletionsRequest {
  model: string;
  prompt: string;
  /** The text after the insertion point; only fill-in-the-middle models accept it. */
  suffix?: string;
  max_tokens?: number;
  temperature?: number;
  stop?: string[];
}

/** The JSON body, streamed; unset options are left out. */
export function buildCompletionsBody(req: CompletionsRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { model: req.model, prompt: req.prompt };
  if (req.suffix !== undefined) body.suffix = req.suffix;
  if (req.max_tokens !== undefined) body.max_tokens = req.max_tokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.stop?.length) body.stop = req.stop;
  body.stream = true;
  return body;
}
