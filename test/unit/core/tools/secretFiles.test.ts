// The one list of secret files: complete defaults, matched at any depth and in any case, folders covering their files,
// and the exclude glob VS Code's file search gets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SECRET_FILES, SecretMatcher } from '../../../../src/core/tools';

const secrets = [
  '.env',
  'app/.env.local',
  'config/.env.production',
  'prod.env',
  '.envrc',
  'home/.ssh/id_rsa',
  'keys/id_ed25519',
  'keys/id_ecdsa.pub',
  'tls/server.pem',
  'tls/server.key',
  'certs/client.p12',
  'certs/client.pfx',
  '.npmrc',
  'pkg/.pypirc',
  '.netrc',
  '.pgpass',
  '.kube/config',
  'deploy/prod-kubeconfig.yaml',
  '.git/config',
  '.aws/credentials',
  'nested/.aws/config',
  '.ssh/known_hosts',
  '.docker/config.json',
  'ENV/.ENV',
  'Keys/ID_ED25519',
];
const ordinary = ['src/app.ts', 'README.md', 'src/keyboard.ts', 'docs/environment.md', 'src/id.ts', '.gitignore'];

describe('SecretMatcher with the default list', () => {
  const m = new SecretMatcher(DEFAULT_SECRET_FILES);
  it('matches every kind of secret file, at any depth and in any case', () => {
    for (const p of secrets) assert.equal(m.matches(p), true, p);
  });
  it('leaves ordinary files alone', () => {
    for (const p of ordinary) assert.equal(m.matches(p), false, p);
  });
  it('gives VS Code a brace glob that names each pattern and what is under it', () => {
    const g = m.excludeGlob();
    assert.ok(g.startsWith('{') && g.endsWith('}'));
    assert.ok(g.includes('**/.env,'));
    assert.ok(g.includes('**/.aws/**'));
  });
  it('the former completions list missed keys the new defaults cover', () => {
    const former = new SecretMatcher([
      '**/.env',
      '**/.env.*',
      '**/*.env',
      '**/.envrc',
      '**/*.pem',
      '**/*.key',
      '**/id_rsa*',
      '**/.npmrc',
      '**/.netrc',
      '**/*secret*',
      '**/*credential*',
    ]);
    const missed = secrets.filter((p) => !former.matches(p));
    assert.ok(missed.includes('keys/id_ed25519') && missed.includes('.kube/config') && missed.includes('.pgpass'));
    assert.deepEqual(
      missed.filter((p) => !m.matches(p)),
      [],
    );
  });
});
