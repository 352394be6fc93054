// Path confinement for the built-in tools: a path relative to a workspace folder root, never outside any of them.
import * as path from 'node:path';

/** A workspace folder as the tools see it: its name and absolute file-system path. */
export interface FolderRoot {
  name: string;
  fsPath: string;
}

export type ConfinedPath =
  { ok: true; root: FolderRoot; fsPath: string; relative: string } | { ok: false; error: string };

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves `input` against the workspace folders. With several folders a path may start with a folder's name. Absolute
 * paths count only when inside a folder; `..` that leaves every folder is refused.
 */
export function confinePath(roots: readonly FolderRoot[], input: string): ConfinedPath {
  if (roots.length === 0)
    return { ok: false, error: 'No workspace folder is open; the tools only work inside workspace folders.' };
  if (typeof input !== 'string' || input.includes('\0')) return { ok: false, error: 'Invalid path.' };
  const cleaned = input.trim().replace(/\\/g, '/') || '.';
  const candidates: { root: FolderRoot; fsPath: string }[] = [];
  if (path.isAbsolute(cleaned)) {
    for (const root of roots) candidates.push({ root, fsPath: path.resolve(cleaned) });
  } else {
    const first = cleaned.split('/')[0];
    const named = roots.length > 1 ? roots.find((r) => r.name === first) : undefined;
    if (named)
      candidates.push({ root: named, fsPath: path.resolve(named.fsPath, cleaned.slice(first!.length + 1) || '.') });
    for (const root of roots) candidates.push({ root, fsPath: path.resolve(root.fsPath, cleaned) });
  }
  const hit = candidates.find((c) => inside(c.root.fsPath, c.fsPath));
  if (!hit) return { ok: false, error: `Refused: "${input}" is outside the workspace folders.` };
  return {
    ok: true,
    root: hit.root,
    fsPath: hit.fsPath,
    relative: path.relative(hit.root.fsPath, hit.fsPath).split(path.sep).join('/') || '.',
  };
}
