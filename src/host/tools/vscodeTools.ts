// Tools other extensions and MCP servers register in VS Code (vscode.lm.tools), offered to the gateway's models.
import * as vscode from 'vscode';
import type { ToolDefinition } from '../../core';
import type { ToolOutcome } from '../../core/tools';
import { tokenFor } from './searchTools';

/** OpenAI-compatible function names; others cannot be sent. */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The registered tools that can be offered, except any whose name a built-in tool has. */
export function vscodeToolDefinitions(reserved: ReadonlySet<string>): ToolDefinition[] {
  const tools = vscode.lm?.tools ?? [];
  return tools
    .filter((t) => FUNCTION_NAME.test(t.name) && !reserved.has(t.name))
    .map((t) => ({
      type: 'function' as const,
      function: {
        name: t.name,
        description: t.description,
        parameters: (t.inputSchema as Record<string, unknown> | undefined) ?? { type: 'object', properties: {} },
      },
    }));
}

/** Runs a registered tool; its text parts become the result (other parts are described, never interpreted). */
export async function invokeVscodeTool(name: string, input: object, signal: AbortSignal): Promise<ToolOutcome> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, tokenFor(signal));
  const parts = result.content.map((p) => {
    if (p instanceof vscode.LanguageModelTextPart) return p.value;
    return `[${typeof p === 'object' && p !== null ? p.constructor.name : typeof p}]`;
  });
  return { status: 'done', content: parts.join('\n') };
}
