// .gitignore rules as git applies them, so the search tools skip what VS Code's search skips (ignored files often hold
// local secrets). Matching uses the non-backtracking globs: a repository's patterns cannot stall the host.
import { Glob } from './globMatch';

interface Rule {
  negate: boolean;
  dirOnly: boolean;
  glob: Glob;
}

/** Most rules read from one repository's ignore files; a repository with more is cut, never slow. */
const MAX_RULES = 5000;

/** The rules of one ignore file whose folder is `base` (workspace-relative, '' for the root). */
export function parseGitignore(text: string, base: string): { base: string; rules: Rule[] } {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (rules.length >= MAX_RULES) break;
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    if (line.startsWith('\\#') || line.startsWith('\\!')) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.replace(/\/+$/, '');
    if (!line) continue;
    // A slash at the start or in the middle anchors the pattern to the file's folder; otherwise it matches at any depth.
    const anchored = line.includes('/');
    const pattern = anchored ? line.replace(/^\/+/, '') : `**/${line}`;
    rules.push({ negate, dirOnly, glob: new Glob(pattern.replace(/[{}]/g, '\\$&')) });
  }
  return { base: base.replace(/^\/+|\/+$/g, ''), rules };
}

/** Every ignore file of one workspace folder, outermost first (later files and later lines win, as in git). */
export class GitignoreSet {
  private readonly files: { base: string; rules: Rule[] }[];

  constructor(files: { base: string; rules: Rule[] }[]) {
    this.files = [...files].sort((a, b) => depth(a.base) - depth(b.base));
  }

  /** True when git would ignore the workspace-relative path (a file); an ignored folder ignores all it holds. */
  ignores(relativePath: string): boolean {
    const names = relativePath.split('/').filter((n) => n !== '' && n !== '.');
    for (let k = 1; k <= names.length; k++) {
      const prefix = names.slice(0, k).join('/');
      const isDir = k < names.length;
      const verdict = this.verdict(prefix, isDir);
      if (verdict && isDir) return true;
      if (k === names.length) return verdict;
    }
    return false;
  }

  private verdict(path: string, isDir: boolean): boolean {
    let ignored = false;
    for (const f of this.files) {
      if (f.base && !path.startsWith(`${f.base}/`)) continue;
      const rel = f.base ? path.slice(f.base.length + 1) : path;
      for (const r of f.rules) {
        if (r.dirOnly && !isDir) continue;
        if (r.glob.matches(rel)) ignored = !r.negate;
      }
    }
    return ignored;
  }
}

function depth(base: string): number {
  return base ? base.split('/').length : 0;
}
