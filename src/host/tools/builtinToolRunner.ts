// The built-in tools over VS Code's workspace: read, list, find, search, diagnostics, editors, and proposed edits.
import * as vscode from 'vscode';
import { realpath } from 'node:fs/promises';
import {
  BuiltinTool,
  confineRealPath,
  isProtectedPath,
  MAX_LIST_RESULTS,
  MAX_READ_BYTES,
  replaceOnce,
  sliceLines,
  type ConfinedPath,
  type FolderRoot,
  type ToolOutcome,
} from '../../core/tools';
import type { ProposeChange } from '../editor';

/** Files larger than this are skipped by search_text, and read_file refuses them even by line range. */
const MAX_SEARCH_FILE_BYTES = 1024 * 1024;
const MAX_LINE_RANGE_FILE_BYTES = 8 * 1024 * 1024;
const MAX_SEARCHED_FILES = 2000;

const ok = (content: string): ToolOutcome => ({ status: 'done', content });
const fail = (content: string): ToolOutcome => ({ status: 'error', content });

/** The open workspace folders on disk (other schemes are not offered to the tools). */
function folderRoots(): FolderRoot[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => ({ name: f.name, fsPath: f.uri.fsPath }));
}

/** A workspace-relative name for a URI, or undefined when it is outside every folder. */
function relativeName(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(uri)) return undefined;
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

async function confine(p: unknown): Promise<ConfinedPath> {
  return confineRealPath(folderRoots(), typeof p === 'string' ? p : '', realpath);
}

/** The text VS Code shows for the file: an open document's (with unsaved edits), else the file's on disk. */
async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

function isBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\0');
}

export class BuiltinToolRunner {
  constructor(private readonly propose: () => ProposeChange | undefined) {}

  async run(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
    switch (name) {
      case BuiltinTool.readFile:
        return this.readFile(args);
      case BuiltinTool.listDirectory:
        return this.listDirectory(args);
      case BuiltinTool.findFiles:
        return this.findFiles(args, signal);
      case BuiltinTool.searchText:
        return this.searchText(args, signal);
      case BuiltinTool.getDiagnostics:
        return this.diagnostics(args);
      case BuiltinTool.getSelection:
        return this.selection();
      case BuiltinTool.getOpenEditors:
        return this.openEditors();
      case BuiltinTool.editFile:
        return this.editFile(args, signal);
      case BuiltinTool.createFile:
        return this.createFile(args, signal);
      default:
        return fail(`Unknown tool "${name}".`);
    }
  }

  private async readFile(args: Record<string, unknown>): Promise<ToolOutcome> {
    const c = await confine(args.path);
    if (!c.ok) return fail(c.error);
    const uri = vscode.Uri.file(c.fsPath);
    let size: number;
    try {
      const st = await vscode.workspace.fs.stat(uri);
      if (st.type & vscode.FileType.Directory) return fail(`"${c.relative}" is a directory; use list_directory.`);
      size = st.size;
    } catch {
      return fail(`"${c.relative}" does not exist.`);
    }
    const ranged = args.startLine !== undefined || args.endLine !== undefined;
    if (size > (ranged ? MAX_LINE_RANGE_FILE_BYTES : MAX_READ_BYTES)) {
      return fail(
        `"${c.relative}" is ${size} bytes, more than read_file returns at once; read it by startLine/endLine.`,
      );
    }
    const text = await readText(uri);
    if (isBinary(text)) return fail(`"${c.relative}" is a binary file.`);
    return ok(sliceLines(text, args.startLine as number | undefined, args.endLine as number | undefined));
  }

  private async listDirectory(args: Record<string, unknown>): Promise<ToolOutcome> {
    const c = await confine(args.path ?? '.');
    if (!c.ok) return fail(c.error);
    try {
      const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(c.fsPath));
      const names = entries
        .map(([n, type]) => (type & vscode.FileType.Directory ? `${n}/` : n))
        .sort((a, b) => a.localeCompare(b));
      const more = names.length > MAX_LIST_RESULTS ? `\n[… ${names.length - MAX_LIST_RESULTS} more entries]` : '';
      return ok(names.slice(0, MAX_LIST_RESULTS).join('\n') + more || '(empty directory)');
    } catch {
      return fail(`"${c.relative}" is not a directory of the workspace.`);
    }
  }

  private async findFiles(args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
    const uris = await vscode.workspace.findFiles(
      String(args.pattern),
      undefined,
      MAX_LIST_RESULTS + 1,
      tokenFor(signal),
    );
    const names = uris
      .map(relativeName)
      .filter((n): n is string => n !== undefined)
      .sort();
    if (names.length === 0) return ok('No files match.');
    return ok(
      names.slice(0, MAX_LIST_RESULTS).join('\n') +
        (names.length > MAX_LIST_RESULTS ? '\n[… more files match; narrow the pattern]' : ''),
    );
  }

  private async searchText(args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
    const query = String(args.query);
    let re: RegExp;
    try {
      re = args.isRegex === true ? new RegExp(query) : new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    } catch (e) {
      return fail(`Invalid regular expression: ${e instanceof Error ? e.message : String(e)}`);
    }
    const include = typeof args.include === 'string' && args.include ? args.include : '**/*';
    const uris = await vscode.workspace.findFiles(include, undefined, MAX_SEARCHED_FILES, tokenFor(signal));
    const hits: string[] = [];
    for (const uri of uris) {
      if (signal.aborted || hits.length >= MAX_LIST_RESULTS) break;
      const name = relativeName(uri);
      if (!name) continue;
      try {
        if ((await vscode.workspace.fs.stat(uri)).size > MAX_SEARCH_FILE_BYTES) continue;
        const text = await readText(uri);
        if (isBinary(text)) continue;
        text.split('\n').forEach((line, i) => {
          if (hits.length < MAX_LIST_RESULTS && re.test(line))
            hits.push(`${name}:${i + 1}: ${line.trim().slice(0, 300)}`);
        });
      } catch {
        // A file that vanished or cannot be read is skipped.
      }
    }
    return ok(
      hits.length
        ? hits.join('\n') + (hits.length >= MAX_LIST_RESULTS ? '\n[… more matches; narrow the search]' : '')
        : 'No matches.',
    );
  }

  private async diagnostics(args: Record<string, unknown>): Promise<ToolOutcome> {
    let entries: [vscode.Uri, readonly vscode.Diagnostic[]][];
    if (typeof args.path === 'string' && args.path) {
      const c = await confine(args.path);
      if (!c.ok) return fail(c.error);
      const uri = vscode.Uri.file(c.fsPath);
      entries = [[uri, vscode.languages.getDiagnostics(uri)]];
    } else {
      entries = vscode.languages.getDiagnostics();
    }
    const lines: string[] = [];
    for (const [uri, diags] of entries) {
      const name = relativeName(uri);
      if (!name) continue;
      for (const d of diags) {
        if (d.severity > vscode.DiagnosticSeverity.Warning) continue;
        const sev = d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning';
        lines.push(`${name}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${sev}: ${d.message}`);
      }
    }
    return ok(lines.slice(0, MAX_LIST_RESULTS).join('\n') || 'No errors or warnings.');
  }

  private selection(): ToolOutcome {
    const e = vscode.window.activeTextEditor;
    if (!e) return ok('No editor is active.');
    const name = relativeName(e.document.uri);
    if (!name) return ok('The active editor shows a file outside the workspace.');
    const s = e.selection;
    return ok(
      JSON.stringify(
        {
          path: name,
          languageId: e.document.languageId,
          startLine: s.start.line + 1,
          endLine: s.end.line + 1,
          text: e.document.getText(s),
        },
        null,
        2,
      ),
    );
  }

  private openEditors(): ToolOutcome {
    const names = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .map((t) => (t.input instanceof vscode.TabInputText ? relativeName(t.input.uri) : undefined))
      .filter((n): n is string => n !== undefined);
    return ok([...new Set(names)].join('\n') || 'No files are open.');
  }

  private async writable(p: unknown): Promise<ConfinedPath> {
    const c = await confine(p);
    if (c.ok && isProtectedPath(c.relative))
      return { ok: false, error: `Refused: tools may not change "${c.relative}" (settings).` };
    return c;
  }

  private async editFile(args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
    const c = await this.writable(args.path);
    if (!c.ok) return fail(c.error);
    const uri = vscode.Uri.file(c.fsPath);
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch {
      return fail(`"${c.relative}" does not exist; use create_file for a new file.`);
    }
    const r = replaceOnce(document.getText(), String(args.oldText), String(args.newText));
    if (!r.ok) return fail(r.error);
    const start = document.positionAt(r.offset);
    const range = new vscode.Range(start, document.positionAt(r.offset + String(args.oldText).length));
    return this.outcome(c.relative, await this.propose()?.({ target: uri, range, code: String(args.newText) }, signal));
  }

  private async createFile(args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
    const c = await this.writable(args.path);
    if (!c.ok) return fail(c.error);
    const uri = vscode.Uri.file(c.fsPath);
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (exists) return fail(`"${c.relative}" exists already; use edit_file to change it.`);
    return this.outcome(
      c.relative,
      await this.propose()?.({ target: uri, code: String(args.content), create: true }, signal),
    );
  }

  private outcome(name: string, o: string | undefined): ToolOutcome {
    switch (o) {
      case 'accepted':
        return ok(`The user accepted the change; ${name} was changed.`);
      case 'rejected':
        return { status: 'denied', content: `The user rejected the proposed change to ${name}; nothing was changed.` };
      case 'changed':
        return fail(`${name} changed while the proposal was open; nothing was changed. Read it again first.`);
      default:
        return fail(`The change to ${name} could not be applied.`);
    }
  }
}

/** A cancellation token that follows an AbortSignal. */
export function tokenFor(signal: AbortSignal): vscode.CancellationToken {
  const source = new vscode.CancellationTokenSource();
  if (signal.aborted) source.cancel();
  else signal.addEventListener('abort', () => source.cancel(), { once: true });
  return source.token;
}
