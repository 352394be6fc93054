// The built-in tools' schemas as the gateway sees them, and which of them only read.
import type { ToolDefinition } from '../gateway/types';

export const BuiltinTool = {
  readFile: 'read_file',
  listDirectory: 'list_directory',
  findFiles: 'find_files',
  searchText: 'search_text',
  getDiagnostics: 'get_diagnostics',
  getSelection: 'get_selection',
  getOpenEditors: 'get_open_editors',
  editFile: 'edit_file',
  createFile: 'create_file',
} as const;
export type BuiltinTool = (typeof BuiltinTool)[keyof typeof BuiltinTool];

/** Tools that only read: they run without asking unless the user's setting says to ask. */
export const READ_ONLY_TOOLS: ReadonlySet<string> = new Set([
  BuiltinTool.readFile,
  BuiltinTool.listDirectory,
  BuiltinTool.findFiles,
  BuiltinTool.searchText,
  BuiltinTool.getDiagnostics,
  BuiltinTool.getSelection,
  BuiltinTool.getOpenEditors,
]);

/** Largest file `read_file` returns, in bytes; a bigger one is read only by line range. */
export const MAX_READ_BYTES = 256 * 1024;
/** Most results of `find_files`, `search_text` and `list_directory`. */
export const MAX_LIST_RESULTS = 200;

const PATH = {
  type: 'string',
  description: 'Path relative to a workspace folder root (with several folders, it may start with the folder name).',
};

function fn(
  name: BuiltinTool,
  description: string,
  properties: Record<string, unknown>,
  required: string[] = [],
): ToolDefinition {
  return {
    type: 'function',
    function: { name, description, parameters: { type: 'object', properties, required, additionalProperties: false } },
  };
}

export const BUILTIN_TOOL_DEFINITIONS: readonly ToolDefinition[] = [
  fn(
    BuiltinTool.readFile,
    'Read a text file of the open workspace. Optionally only lines startLine..endLine (1-based, inclusive).',
    {
      path: PATH,
      startLine: { type: 'integer', description: 'First line (1-based).' },
      endLine: { type: 'integer', description: 'Last line (1-based, inclusive).' },
    },
    ['path'],
  ),
  fn(BuiltinTool.listDirectory, 'List the entries of a workspace directory (directories end with /).', { path: PATH }, [
    'path',
  ]),
  fn(
    BuiltinTool.findFiles,
    'Find workspace files whose path matches a glob pattern such as "**/*.ts".',
    { pattern: { type: 'string', description: 'Glob pattern.' } },
    ['pattern'],
  ),
  fn(
    BuiltinTool.searchText,
    'Search the text of workspace files for a plain string or a regular expression; returns path:line: text matches.',
    {
      query: { type: 'string', description: 'Text or regular expression to find.' },
      isRegex: { type: 'boolean', description: 'Treat query as a JavaScript regular expression.' },
      include: { type: 'string', description: 'Optional glob limiting the files searched.' },
    },
    ['query'],
  ),
  fn(BuiltinTool.getDiagnostics, 'List the errors and warnings VS Code reports, for one file or the whole workspace.', {
    path: { ...PATH, description: 'Optional file path.' },
  }),
  fn(BuiltinTool.getSelection, "Return the active editor's file, language and selected text.", {}),
  fn(BuiltinTool.getOpenEditors, 'List the files open in editors.', {}),
  fn(
    BuiltinTool.editFile,
    'Propose replacing one exact occurrence of oldText with newText in a workspace file; the user reviews the diff and accepts or rejects it.',
    {
      path: PATH,
      oldText: { type: 'string', description: 'Exact text to replace (must occur once).' },
      newText: { type: 'string', description: 'Replacement text.' },
    },
    ['path', 'oldText', 'newText'],
  ),
  fn(
    BuiltinTool.createFile,
    'Propose creating a new workspace file with the given content; the user reviews it and accepts or rejects it.',
    { path: PATH, content: { type: 'string', description: 'The whole file content.' } },
    ['path', 'content'],
  ),
];

/** The text between two 1-based inclusive lines (clamped), or the whole text. */
export function sliceLines(text: string, startLine?: number, endLine?: number): string {
  if (startLine === undefined && endLine === undefined) return text;
  const lines = text.split('\n');
  const from = Math.max(1, startLine ?? 1);
  const to = Math.min(lines.length, endLine ?? lines.length);
  return lines.slice(from - 1, to).join('\n');
}

/** Replaces the one occurrence of `oldText`; an error sentence when it occurs never or more than once. */
export function replaceOnce(
  text: string,
  oldText: string,
  newText: string,
): { ok: true; text: string; offset: number } | { ok: false; error: string } {
  if (!oldText) return { ok: false, error: 'oldText is empty; give the exact text to replace.' };
  const at = text.indexOf(oldText);
  if (at < 0)
    return { ok: false, error: 'oldText was not found in the file; read the file again and give the exact text.' };
  if (text.indexOf(oldText, at + 1) >= 0)
    return { ok: false, error: 'oldText occurs more than once; include more surrounding lines so it is unique.' };
  return { ok: true, text: text.slice(0, at) + newText + text.slice(at + oldText.length), offset: at };
}
