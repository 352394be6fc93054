// find_files and search_text: VS Code's file search, every result checked by real path, secrets and ignored files
// skipped, files read through the checked handle, and the model's pattern matched in a worker with a deadline.
import * as vscode from 'vscode';
import { LineSearch, MAX_LIST_RESULTS, readInside, searchPattern, type ToolOutcome } from '../../core/tools';
import { SearchScope } from './workspaceAccess';

/** Files larger than this are skipped by search_text. */
const MAX_SEARCH_FILE_BYTES = 1024 * 1024;
const MAX_SEARCHED_FILES = 2000;
/** Files find_files asks VS Code for: more than it shows, since some are filtered out afterwards. */
const MAX_FOUND_FILES = 2000;
/** Files read ahead of the worker at most (bounds memory while a slow pattern runs). */
const READ_AHEAD = 8;

const ok = (content: string): ToolOutcome => ({ status: 'done', content });
const fail = (content: string): ToolOutcome => ({ status: 'error', content });

function isBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\0');
}

/** A cancellation token that follows an AbortSignal. */
export function tokenFor(signal: AbortSignal): vscode.CancellationToken {
  const source = new vscode.CancellationTokenSource();
  if (signal.aborted) source.cancel();
  else signal.addEventListener('abort', () => source.cancel(), { once: true });
  return source.token;
}

export async function findFiles(args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
  const token = tokenFor(signal);
  const scope = await SearchScope.create(token);
  const uris = await vscode.workspace.findFiles(
    String(args.pattern),
    scope.exclude || undefined,
    MAX_FOUND_FILES,
    token,
  );
  const names: string[] = [];
  for (const uri of uris) {
    if (signal.aborted || names.length > MAX_LIST_RESULTS) break;
    const name = await scope.visible(uri);
    if (name !== undefined) names.push(name);
  }
  names.sort();
  if (names.length === 0) return ok('No files match.');
  return ok(
    names.slice(0, MAX_LIST_RESULTS).join('\n') +
      (names.length > MAX_LIST_RESULTS ? '\n[… more files match; narrow the pattern]' : ''),
  );
}

export async function searchText(args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
  const pattern = searchPattern(String(args.query), args.isRegex === true);
  if (!pattern.ok) return fail(pattern.error);
  const token = tokenFor(signal);
  const scope = await SearchScope.create(token);
  const include = typeof args.include === 'string' && args.include ? args.include : '**/*';
  const uris = await vscode.workspace.findFiles(include, scope.exclude || undefined, MAX_SEARCHED_FILES, token);
  const search = new LineSearch(pattern.source, { maxHits: MAX_LIST_RESULTS }, signal);
  for (const uri of uris) {
    if (!search.wantsMore) break;
    const name = await scope.visible(uri);
    if (name === undefined) continue;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    if (open) text = open.getText();
    else {
      const r = await readInside(scope.roots, uri.fsPath, MAX_SEARCH_FILE_BYTES);
      if (!r.ok) continue;
      text = new TextDecoder('utf-8').decode(r.bytes);
    }
    if (isBinary(text)) continue;
    search.add(name, text);
    await search.drain(READ_AHEAD);
  }
  const r = await search.finish();
  if (r.stopped === 'cancelled') return fail('The search was stopped.');
  const notes: string[] = [];
  if (r.hits.length >= MAX_LIST_RESULTS) notes.push('[… more matches; narrow the search]');
  if (r.stopped === 'deadline')
    notes.push('[The search took too long and was stopped; use a simpler pattern or a narrower include.]');
  return ok([...(r.hits.length ? r.hits : ['No matches.']), ...notes].join('\n'));
}
