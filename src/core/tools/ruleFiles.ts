// Reading the project-rule files (AGENTS.md…) of the workspace folders: regular files inside the workspace only, at
// most MAX_RULE_FILE_BYTES each through a bounded read; anything else is skipped and named, never read.
import * as path from 'node:path';
import * as fs from 'node:fs/promises';
import { readInside, realRoots, type UnreadableReason } from './realPaths';
import type { FolderRoot } from './workspacePaths';

/** Largest rule file read. */
export const MAX_RULE_FILE_BYTES = 128 * 1024;

export interface RuleFilesRead {
  files: { name: string; text: string }[];
  /** Rule files that exist but were not read, and why. */
  skipped: { name: string; reason: Exclude<UnreadableReason, 'missing'> }[];
}

/** Reads `ruleFiles` (relative paths) at each folder root; names carry the folder's name when there are several. */
export async function readRuleFiles(
  roots: readonly FolderRoot[],
  ruleFiles: readonly string[],
): Promise<RuleFilesRead> {
  const reals = await realRoots(roots);
  const out: RuleFilesRead = { files: [], skipped: [] };
  const multi = roots.length > 1;
  for (const root of roots) {
    for (const rel of ruleFiles) {
      const name = multi ? `${root.name}/${rel}` : rel;
      const file = path.join(root.fsPath, rel);
      // Absent is the usual case and says nothing; lstat sees a dangling link too.
      if (!(await fs.lstat(file).catch(() => undefined))) continue;
      const r = await readInside(reals, file, MAX_RULE_FILE_BYTES);
      if (!r.ok) {
        // A dangling link opens nothing; any other refusal is named.
        if (r.reason !== 'missing') out.skipped.push({ name, reason: r.reason });
        continue;
      }
      const text = new TextDecoder('utf-8').decode(r.bytes).trim();
      if (text) out.files.push({ name, text });
    }
  }
  return out;
}
