// An adversarial repository on disk for the path, rules, secret and search tests: links in and out, a link to
// /dev/zero, a FIFO, a huge rule file, environment files, keys and a .gitignored secret.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface AdversarialRepo {
  /** The temporary folder holding `ws` (the workspace folder) and `outside`. */
  tmp: string;
  ws: string;
  outside: string;
  /** False where the platform cannot make a FIFO (the FIFO cases are then skipped). */
  hasFifo: boolean;
  cleanup(): void;
}

export const OUTSIDE_SECRET = 'OUTSIDE-CREDENTIAL-7Q2';
export const OUTSIDE_RULES = 'OUTSIDE-RULES-9K4';

export function makeAdversarialRepo(): AdversarialRepo {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'applerouter-adversarial-')));
  const ws = path.join(tmp, 'ws');
  const outside = path.join(tmp, 'outside');
  const write = (rel: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    fs.writeFileSync(path.join(ws, rel), text);
  };
  fs.mkdirSync(path.join(outside, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'credentials'), `aws_secret_access_key=${OUTSIDE_SECRET}\n`);
  fs.writeFileSync(path.join(outside, 'rules.md'), `# Rules\n${OUTSIDE_RULES}\n`);
  write('src/app.ts', 'export const x = 1; // MARKER\n');
  write('src/lib/util.ts', 'export const y = 2;\n');
  write('.env', 'TOKEN=env-secret\n');
  write('config/.env.production', 'TOKEN=prod-secret\n');
  write('keys/id_ed25519', '-----BEGIN OPENSSH PRIVATE KEY-----\n');
  write('keys/server.pem', '-----BEGIN PRIVATE KEY-----\n');
  write('certs/client.p12', 'p12');
  write('.kube/config', 'apiVersion: v1\n');
  write('.git/config', '[core]\n');
  write('.gitignore', 'local-notes.txt\nbuild/\n');
  write('local-notes.txt', 'ignored secret MARKER\n');
  write('build/out.js', 'built MARKER\n');
  write('.github/copilot-instructions.md', `# Big\n${'x'.repeat(300 * 1024)}\n`);
  fs.symlinkSync(outside, path.join(ws, 'vendor-link'));
  fs.symlinkSync(path.join(outside, 'rules.md'), path.join(ws, 'AGENTS.md'));
  fs.symlinkSync(path.join(ws, 'src'), path.join(ws, 'src-link'));
  fs.symlinkSync('/dev/zero', path.join(ws, 'zero.txt'));
  fs.symlinkSync(path.join(outside, 'gone'), path.join(ws, 'dangling-out'));
  const hasFifo = spawnSync('mkfifo', [path.join(ws, 'pipe.txt')]).status === 0;
  return { tmp, ws, outside, hasFifo, cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}
