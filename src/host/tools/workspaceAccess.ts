// What the tools may see of the workspace: folders by real path, secret files, and what VS Code's search skips
// (.gitignore, files.exclude, search.exclude), applied to every result of VS Code's file search, which follows links.
import * as vscode from 'vscode';
import {
  Glob,
  GitignoreSet,
  parseGitignore,
  pathAndParents,
  readInside,
  realLocation,
  realRoots,
  type FolderRoot,
  type RealLocation,
  type RealRoot,
} from '../../core/tools';
import { secretSettings } from '../settings';

/** Largest ignore file read, and most ignore files read per search. */
const MAX_IGNORE_FILE_BYTES = 256 * 1024;
const MAX_IGNORE_FILES = 500;

/** The open workspace folders on disk (other schemes are not offered to the tools). */
export function folderRoots(): FolderRoot[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => ({ name: f.name, fsPath: f.uri.fsPath }));
}

/** A workspace-relative name for a URI as VS Code shows it, or undefined when it is outside every folder. */
export function relativeName(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(uri)) return undefined;
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** The path relative to its own workspace folder (without the folder name), for matching patterns. */
function folderRelative(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(uri)) return undefined;
  return vscode.workspace.asRelativePath(uri, false);
}

/** True when a path, by any of its names (as asked, or real relative to each folder), is a secret file. */
export function isSecret(names: readonly (string | undefined)[]): boolean {
  const m = secretSettings.matcher;
  return names.some((n) => n !== undefined && m.matches(n));
}

/** The file or folder's real location when it is inside the workspace and not a secret; undefined otherwise. */
export async function visibleLocation(roots: readonly RealRoot[], uri: vscode.Uri): Promise<RealLocation | undefined> {
  if (uri.scheme !== 'file') return undefined;
  const where = await realLocation(roots, uri.fsPath);
  if (!where || isSecret([folderRelative(uri), ...where.relatives])) return undefined;
  return where;
}

/** The keys set to true in an exclude setting such as `files.exclude` (a `when` clause counts as excluded). */
function excludeKeys(section: string, folder?: vscode.Uri): string[] {
  const v = vscode.workspace.getConfiguration(undefined, folder).get<Record<string, unknown>>(section) ?? {};
  return Object.entries(v)
    .filter(([, on]) => on === true || (typeof on === 'object' && on !== null))
    .map(([k]) => k);
}

/** VS Code's own search rules for the tools: its exclude settings, the ignore files, and the secret files. */
export class SearchScope {
  private constructor(
    readonly roots: RealRoot[],
    /** The exclude glob given to findFiles (files.exclude applies there as well). */
    readonly exclude: string,
    private readonly excludes: Glob[],
    private readonly ignores: Map<string, GitignoreSet>,
  ) {}

  static async create(token: vscode.CancellationToken): Promise<SearchScope> {
    const roots = await realRoots(folderRoots());
    const keys = [...excludeKeys('search.exclude'), ...excludeKeys('files.exclude')];
    const secret = secretSettings.matcher.excludeGlob();
    const plain = keys.filter((k) => !/[{}]/.test(k));
    const exclude = [secret.slice(1, -1), ...plain].filter(Boolean).join(',');
    const glob = exclude ? `{${exclude}}` : '';
    const ignores = new Map<string, GitignoreSet>();
    if (vscode.workspace.getConfiguration('search').get<boolean>('useIgnoreFiles') !== false)
      for (const root of roots) ignores.set(root.realPath, await loadIgnores(root, roots, glob, token));
    return new SearchScope(
      roots,
      glob,
      keys.map((k) => new Glob(k)),
      ignores,
    );
  }

  /** The workspace-relative name of a search result that the tools may show, or undefined. */
  async visible(uri: vscode.Uri): Promise<string | undefined> {
    const name = relativeName(uri);
    const own = folderRelative(uri);
    if (name === undefined || own === undefined) return undefined;
    const where = await visibleLocation(this.roots, uri);
    if (!where) return undefined;
    const forms = [own, ...where.relatives];
    // An excluded folder excludes what it holds (`**/node_modules` covers `node_modules/a/b.js`).
    if (forms.some((f) => pathAndParents(f).some((p) => this.excludes.some((g) => g.matches(p))))) return undefined;
    if (where.inside.some((i) => this.ignores.get(i.root.realPath)?.ignores(i.relative))) return undefined;
    return name;
  }
}

/** The .gitignore files of one folder (and .git/info/exclude), read by real path within the workspace. */
async function loadIgnores(
  root: RealRoot,
  roots: readonly RealRoot[],
  exclude: string,
  token: vscode.CancellationToken,
): Promise<GitignoreSet> {
  const folderUri = vscode.Uri.file(root.fsPath);
  // Ignore files in excluded folders (node_modules…) do not matter: nothing there is searched.
  const found = await vscode.workspace.findFiles(
    new vscode.RelativePattern(folderUri, '**/.gitignore'),
    exclude || undefined,
    MAX_IGNORE_FILES,
    token,
  );
  const files = [...found.map((u) => u.fsPath), vscode.Uri.joinPath(folderUri, '.git', 'info', 'exclude').fsPath];
  const parsed = [];
  for (const file of files) {
    const r = await readInside(roots, file, MAX_IGNORE_FILE_BYTES);
    if (!r.ok) continue;
    const where = r.location.inside.find((i) => i.root.realPath === root.realPath);
    if (!where) continue;
    const dir = where.relative.split('/').slice(0, -1);
    // .git/info/exclude applies from the folder root.
    const base = dir[0] === '.git' ? '' : dir.join('/');
    parsed.push(parseGitignore(new TextDecoder('utf-8').decode(r.bytes), base));
  }
  return new GitignoreSet(parsed);
}
