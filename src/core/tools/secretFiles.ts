// The one list of secret files (keys, credentials, environment files): tools never list or search them, read_file
// asks first, completions never send them. A pattern without `/` matches a name at any depth.
import { Glob, pathAndParents } from './globMatch';

/** Default of `applerouter.secretFiles`. */
export const DEFAULT_SECRET_FILES: readonly string[] = [
  '.env',
  '.env.*',
  '*.env',
  '.envrc',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.jks',
  '*.keystore',
  '*.gpg',
  '.npmrc',
  '.yarnrc.yml',
  '.pypirc',
  '.netrc',
  '_netrc',
  '.pgpass',
  '.git-credentials',
  '.htpasswd',
  '*kubeconfig*',
  '.kube/config',
  '.git/config',
  '.aws',
  '.ssh',
  '.gnupg',
  '.azure',
  '.docker/config.json',
  '.config/gcloud',
  'credentials.json',
  '*.tfvars',
  '*.tfstate',
];

/** A setting's pattern as a glob over workspace-relative paths (`.env` → `**\/.env`). */
function secretGlob(pattern: string): string {
  const p = pattern.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (p.startsWith('**/') || p.startsWith('/')) return p.replace(/^\/+/, '');
  return `**/${p}`;
}

/** Matches workspace-relative paths against the secret patterns, case-insensitively (like the file systems that are). */
export class SecretMatcher {
  private readonly globs: Glob[];

  constructor(readonly patterns: readonly string[]) {
    this.globs = patterns.filter((p) => p.trim() !== '').map((p) => new Glob(secretGlob(p), true));
  }

  /** True when the path, or a folder it is in, matches a pattern. */
  matches(relativePath: string): boolean {
    const parts = pathAndParents(relativePath.replace(/\\/g, '/'));
    return parts.some((p) => this.globs.some((g) => g.matches(p)));
  }

  /** The patterns as one glob for VS Code's file search exclude (`{**\/.env,**\/*.pem,…}`). */
  excludeGlob(): string {
    const all = this.patterns
      .filter((p) => p.trim() !== '' && !/[{}]/.test(p))
      .flatMap((p) => [secretGlob(p), `${secretGlob(p)}/**`]);
    return all.length ? `{${all.join(',')}}` : '';
  }
}
