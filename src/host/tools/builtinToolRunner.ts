// The built-in tools over VS Code's workspace: read, list, diagnostics, editors, and proposed edits (search and find
// in searchTools.ts). Every path goes through the one real-path rule; secret files are read only after asking.
import * as vscode from 'vscode';
import {
  BuiltinTool,
  MAX_LIST_RESULTS,
  MAX_READ_BYTES,
  protectedReason,
  readInside,
  realLocation,
  realRoots,
  replaceOnce,
  resolveInside,
  sliceLines,
  type ResolvedPath,
  type ToolOutcome,
} from '../../core/tools';
import type { ProposeChange } from '../editor';
import { findFiles, searchText } from './searchTools';
import { folderRoots, isSecret, relativeName, visibleLocation } from './workspaceAccess';

/** read_file by line range reads files up to this size. */
const MAX_LINE_RANGE_FILE_BYTES = 8 * 1024 * 1024;

const ok = (content: string): ToolOutcome => ({ status: 'done', content });
const fail = (content: string): ToolOutcome => ({ status: 'error', content });

/** Asks the user whether the model may read a secret file (named); true allows this one read. */
export type ConfirmSecretRead = (name: string, signal: AbortSignal) => Promise<boolean>;

async function resolve(p: unknown): Promise<ResolvedPath> {
  return resolveInside(folderRoots(), typeof p === 'string' ? p : '');
}

/** The text of an open document for the file (with unsaved edits), by the path asked or its real path. */
function openText(fsPath: string, realPath: string): string | undefined {
  const names = new Set([vscode.Uri.file(fsPath).toString(), vscode.Uri.file(realPath).toString()]);
  return vscode.workspace.textDocuments.find((d) => names.has(d.uri.toString()))?.getText();
}

function isBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\0');
}

export class BuiltinToolRunner {
  constructor(
    private readonly propose: () => ProposeChange | undefined,
    private readonly confirmSecretRead: ConfirmSecretRead,
  ) {}

  async run(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
    switch (name) {
      case BuiltinTool.readFile:
        return this.readFile(args, signal);
      case BuiltinTool.listDirectory:
        return this.listDirectory(args);
      case BuiltinTool.findFiles:
        return findFiles(args, signal);
      case BuiltinTool.searchText:
        return searchText(args, signal);
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

  private async readFile(args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
    const c = await resolve(args.path);
    if (!c.ok) return fail(c.error);
    if (!c.exists) return fail(`"${c.relative}" does not exist.`);
    const st = await vscode.workspace.fs.stat(vscode.Uri.file(c.realPath)).then(
      (s) => s,
      () => undefined,
    );
    if (st && st.type & vscode.FileType.Directory) return fail(`"${c.relative}" is a directory; use list_directory.`);
    if (isSecret([c.relative, ...c.relatives]) && !(await this.confirmSecretRead(c.relative, signal)))
      return {
        status: 'denied',
        content: `"${c.relative}" is a secret file (applerouter.secretFiles) and the user did not allow reading it.`,
      };
    const ranged = args.startLine !== undefined || args.endLine !== undefined;
    const max = ranged ? MAX_LINE_RANGE_FILE_BYTES : MAX_READ_BYTES;
    const r = await readInside(await realRoots(folderRoots()), c.fsPath, max);
    if (!r.ok) {
      switch (r.reason) {
        case 'tooLarge':
          return fail(`"${c.relative}" is more than read_file returns at once; read it by startLine/endLine.`);
        case 'notFile':
          return fail(`"${c.relative}" is not a regular file (a device, pipe or socket); it was not read.`);
        case 'outside':
          return fail(`Refused: "${c.relative}" leads outside the workspace folders (through a symbolic link).`);
        case 'changed':
          return fail(`"${c.relative}" changed while it was being read; it was not read.`);
        default:
          return fail(`"${c.relative}" does not exist.`);
      }
    }
    const text = openText(c.fsPath, r.location.realPath) ?? new TextDecoder('utf-8').decode(r.bytes);
    if (isBinary(text)) return fail(`"${c.relative}" is a binary file.`);
    return ok(sliceLines(text, args.startLine as number | undefined, args.endLine as number | undefined));
  }

  private async listDirectory(args: Record<string, unknown>): Promise<ToolOutcome> {
    const c = await resolve(args.path ?? '.');
    if (!c.ok) return fail(c.error);
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(c.realPath));
    } catch {
      return fail(`"${c.relative}" is not a directory of the workspace.`);
    }
    const roots = await realRoots(folderRoots());
    const names: string[] = [];
    const under = (folder: string, n: string) => (folder === '.' ? n : `${folder}/${n}`);
    for (const [n, type] of entries) {
      // Secret files are not listed; a link is listed only when it stays inside the workspace (and is no secret there).
      if (isSecret([c.relative, ...c.relatives].map((folder) => under(folder, n)))) continue;
      if (
        type & vscode.FileType.SymbolicLink &&
        !(await visibleLocation(roots, vscode.Uri.joinPath(vscode.Uri.file(c.realPath), n)))
      )
        continue;
      names.push(type & vscode.FileType.Directory ? `${n}/` : n);
    }
    names.sort((a, b) => a.localeCompare(b));
    const more = names.length > MAX_LIST_RESULTS ? `\n[… ${names.length - MAX_LIST_RESULTS} more entries]` : '';
    return ok(names.slice(0, MAX_LIST_RESULTS).join('\n') + more || '(empty directory)');
  }

  private async diagnostics(args: Record<string, unknown>): Promise<ToolOutcome> {
    let entries: [vscode.Uri, readonly vscode.Diagnostic[]][];
    if (typeof args.path === 'string' && args.path) {
      const c = await resolve(args.path);
      if (!c.ok) return fail(c.error);
      const uri = vscode.Uri.file(c.fsPath);
      entries = [[uri, vscode.languages.getDiagnostics(uri)]];
    } else {
      entries = vscode.languages.getDiagnostics();
    }
    const lines: string[] = [];
    const roots = await realRoots(folderRoots());
    for (const [uri, diags] of entries) {
      const name = relativeName(uri);
      if (!name || diags.length === 0 || !(await visibleLocation(roots, uri))) continue;
      for (const d of diags) {
        if (d.severity > vscode.DiagnosticSeverity.Warning) continue;
        const sev = d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning';
        lines.push(`${name}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${sev}: ${d.message}`);
      }
    }
    return ok(lines.slice(0, MAX_LIST_RESULTS).join('\n') || 'No errors or warnings.');
  }

  private async selection(): Promise<ToolOutcome> {
    const e = vscode.window.activeTextEditor;
    if (!e) return ok('No editor is active.');
    const name = relativeName(e.document.uri);
    const where = name ? await realLocation(await realRoots(folderRoots()), e.document.uri.fsPath) : undefined;
    if (!name || !where) return ok('The active editor shows a file outside the workspace.');
    if (isSecret([name, ...where.relatives]))
      return ok(`The active editor shows a secret file (${name}); it is not shared.`);
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

  /** Open files inside the workspace by real path, secret files left out. */
  private async openEditors(): Promise<ToolOutcome> {
    const roots = await realRoots(folderRoots());
    const names = new Set<string>();
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      if (!(tab.input instanceof vscode.TabInputText)) continue;
      const name = relativeName(tab.input.uri);
      if (name !== undefined && (await visibleLocation(roots, tab.input.uri))) names.add(name);
    }
    return ok([...names].join('\n') || 'No files are open.');
  }

  /** The path, unless it is protected by any of its names: as asked, or its real path relative to each folder. */
  private async writable(p: unknown): Promise<ResolvedPath> {
    const c = await resolve(p);
    if (!c.ok) return c;
    const why = [c.relative, ...c.relatives].map(protectedReason).find((r) => r !== undefined);
    if (why) return { ok: false, error: `Refused: tools may not change "${c.relative}" (${why}).` };
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
