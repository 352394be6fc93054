// The one rule for paths: a path is what its real path is, and the real path must lie inside a workspace folder's real
// path. Tools, search results, the project-rules reader and completions all ask here; files are read through the
// handle that was checked, with a size bound.
import { constants, type BigIntStats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { confinePath, type FolderRoot } from './workspacePaths';

/** A workspace folder with its real path (symbolic links in the folder's own path resolved). */
export interface RealRoot extends FolderRoot {
  realPath: string;
}

/** Where a real path lies: its real path and its path relative to every real root that holds it (nested folders). */
export interface RealLocation {
  realPath: string;
  /** Workspace-relative forms with '/' (one per folder holding it, outermost folder first). */
  relatives: string[];
  /** The same, with the folder each is relative to. */
  inside: { root: RealRoot; relative: string }[];
}

export type ResolvedPath =
  | ({ ok: true; root: FolderRoot; fsPath: string; relative: string; exists: boolean } & RealLocation)
  | { ok: false; error: string };

/** Why a file was not read. */
export type UnreadableReason = 'missing' | 'outside' | 'notFile' | 'tooLarge' | 'changed';

export type BoundedRead = { ok: true; bytes: Buffer; location: RealLocation } | { ok: false; reason: UnreadableReason };

const caseFolding = process.platform === 'win32' || process.platform === 'darwin';

function relativeInside(root: string, target: string): string | undefined {
  const rel = path.relative(caseFolding ? root.toLowerCase() : root, caseFolding ? target.toLowerCase() : target);
  if (rel !== '' && (rel.startsWith('..') || path.isAbsolute(rel))) return undefined;
  // The relative form keeps the target's own spelling.
  return rel === ''
    ? '.'
    : target
        .slice(target.length - rel.length)
        .split(path.sep)
        .join('/');
}

/** The workspace folders with their real paths; a folder that does not exist is left out. */
export async function realRoots(roots: readonly FolderRoot[]): Promise<RealRoot[]> {
  const out: RealRoot[] = [];
  for (const r of roots) {
    try {
      out.push({ ...r, realPath: await fs.realpath(r.fsPath) });
    } catch {
      // A folder that is gone holds nothing to read.
    }
  }
  return out;
}

/** Where a real path lies among the roots, or undefined when it is outside every one. */
export function locate(roots: readonly RealRoot[], real: string): RealLocation | undefined {
  const inside = [...roots]
    .sort((a, b) => a.realPath.length - b.realPath.length)
    .map((root) => ({ root, relative: relativeInside(root.realPath, real) }))
    .filter((r): r is { root: RealRoot; relative: string } => r.relative !== undefined);
  if (inside.length === 0) return undefined;
  return { realPath: real, relatives: [...new Set(inside.map((r) => r.relative))], inside };
}

/** The real path of an existing file or folder if it lies inside a workspace folder; undefined otherwise. */
export async function realLocation(roots: readonly RealRoot[], fsPath: string): Promise<RealLocation | undefined> {
  try {
    return locate(roots, await fs.realpath(fsPath));
  } catch {
    return undefined;
  }
}

/**
 * Resolves a tool's path: relative to a folder root (absolute only inside one), then to its real path (for a new file,
 * the real path of the nearest existing folder above it), which must be inside a workspace folder's real path.
 */
export async function resolveInside(roots: readonly FolderRoot[], input: string): Promise<ResolvedPath> {
  const c = confinePath(roots, input);
  if (!c.ok) return c;
  const reals = await realRoots(roots);
  let probe = c.fsPath;
  const rest: string[] = [];
  for (;;) {
    let real: string | undefined;
    try {
      real = await fs.realpath(probe);
    } catch {
      // Not there (yet): try the folder above; a dangling link counts as not there and its target is checked.
    }
    if (real !== undefined) {
      const full = rest.length ? path.join(real, ...rest) : real;
      const where = locate(reals, full);
      if (!where)
        return {
          ok: false,
          error: `Refused: "${input}" leads outside the workspace folders (through a symbolic link).`,
        };
      return { ok: true, root: c.root, fsPath: c.fsPath, relative: c.relative, exists: rest.length === 0, ...where };
    }
    const dangling = await fs.readlink(probe).catch(() => undefined);
    if (dangling !== undefined) {
      const target = path.resolve(path.dirname(probe), dangling);
      if (!locate(reals, target))
        return {
          ok: false,
          error: `Refused: "${input}" leads outside the workspace folders (through a symbolic link).`,
        };
    }
    const parent = path.dirname(probe);
    if (parent === probe) return { ok: false, error: `Refused: "${input}" is outside the workspace folders.` };
    rest.unshift(path.basename(probe));
    probe = parent;
  }
}

function sameFile(a: BigIntStats, b: BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Reads at most `maxBytes` of a regular file whose real path is inside a workspace folder, through the handle that was
 * checked: opened without blocking (a FIFO cannot hang), `fstat` on the handle (devices, FIFOs, sockets refused), then
 * the real path is resolved and must be the very file the handle holds (a link swapped in between is caught).
 */
export async function readInside(roots: readonly RealRoot[], fsPath: string, maxBytes: number): Promise<BoundedRead> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(fsPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch {
    return { ok: false, reason: 'missing' };
  }
  try {
    const st = await handle.stat({ bigint: true });
    if (!st.isFile()) return { ok: false, reason: 'notFile' };
    let real: string;
    try {
      real = await fs.realpath(fsPath);
    } catch {
      return { ok: false, reason: 'changed' };
    }
    const location = locate(roots, real);
    if (!location) return { ok: false, reason: 'outside' };
    const atReal = await fs.stat(real, { bigint: true }).catch(() => undefined);
    if (!atReal || !sameFile(st, atReal)) return { ok: false, reason: 'changed' };
    if (st.size > BigInt(maxBytes)) return { ok: false, reason: 'tooLarge' };
    // The size can grow after fstat: read one byte more than allowed to notice.
    const buffer = Buffer.alloc(Math.min(maxBytes, Number(st.size)) + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) return { ok: false, reason: 'tooLarge' };
    return { ok: true, bytes: buffer.subarray(0, filled), location };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
