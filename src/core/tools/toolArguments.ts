// Tool arguments: parsed from the model's raw string and checked against the tool's JSON schema before anything runs.

/** The parsed arguments, or the sentence that goes back to the model as an error result. */
export type ParsedArguments = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  items?: Schema;
}

function typeOk(value: unknown, type: string | undefined): boolean {
  switch (type) {
    case undefined:
      return true;
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

/**
 * Parses `raw` (empty means `{}`) and checks the top level against `schema`: an object, required properties present,
 * declared properties of the declared type and enum. Deeper structure is the tool's own business.
 */
export function parseToolArguments(raw: string, schema: Record<string, unknown> | undefined): ParsedArguments {
  let value: unknown;
  try {
    value = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch (e) {
    return {
      ok: false,
      error: `Invalid arguments: not valid JSON (${e instanceof Error ? e.message : String(e)}). The tool was not run.`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, error: 'Invalid arguments: expected a JSON object. The tool was not run.' };
  const obj = value as Record<string, unknown>;
  const s = (schema ?? {}) as Schema;
  for (const key of s.required ?? []) {
    if (obj[key] === undefined)
      return { ok: false, error: `Invalid arguments: "${key}" is required. The tool was not run.` };
  }
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    const v = obj[key];
    if (v === undefined) continue;
    if (!typeOk(v, prop.type))
      return { ok: false, error: `Invalid arguments: "${key}" must be of type ${prop.type}. The tool was not run.` };
    if (prop.enum && !prop.enum.includes(v))
      return {
        ok: false,
        error: `Invalid arguments: "${key}" must be one of ${JSON.stringify(prop.enum)}. The tool was not run.`,
      };
  }
  return { ok: true, value: obj };
}
