// Files a tool may never write, recognised by meaning rather than spelling: settings and tasks under any `.vscode`
// folder, workspace files, and anything in `.git` (hooks run code, config can run commands), in every name form that
// Windows treats as the same file.

/**
 * One path segment as Windows opens it: case folded, trailing dots and spaces dropped (`settings.json.`), an
 * alternate data stream dropped (`settings.json::$DATA`).
 */
export function canonicalSegment(segment: string): string {
  const colon = segment.indexOf(':');
  const withoutStream = colon >= 0 ? segment.slice(0, colon) : segment;
  return withoutStream.replace(/[. ]+$/, '').toLowerCase();
}

/** An 8.3 short name (`GIT~1`, `VSCODE~1`, `PROJEC~1.COD`): it can stand for any long name, so it is not trusted. */
function isShortName(segment: string): boolean {
  return /^[^.~]{1,6}~\d{1,6}(\.[^.]{0,3})?$/i.test(segment);
}

/** Why a workspace-relative path may not be written, or undefined when it may. */
export function protectedReason(relative: string): string | undefined {
  const raw = relative
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  const segs = raw.map(canonicalSegment);
  const last = segs.at(-1) ?? '';
  if (raw.some(isShortName)) return 'a short (8.3) file name';
  if (segs.includes('.git')) return 'the git repository';
  if (last.endsWith('.code-workspace')) return 'workspace settings';
  if (segs.slice(0, -1).includes('.vscode') && last.endsWith('.json'))
    return 'editor settings, tasks or launch configurations';
  if (last === '.vscode') return 'editor settings';
  return undefined;
}

/** True when a tool may not write the path. */
export function isProtectedPath(relative: string): boolean {
  return protectedReason(relative) !== undefined;
}
