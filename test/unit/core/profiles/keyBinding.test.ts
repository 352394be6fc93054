// A profile's key belongs to its id and its base URL's origin: another origin, a removed profile or a reused id gets none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deleteBoundKey,
  namedProfileIds,
  originOf,
  readBoundKey,
  removedProfileIds,
  storeBoundKey,
  type SecretStore,
} from '../../../../src/core/profiles';

function memorySecrets(initial: Record<string, string> = {}): SecretStore & { all: Map<string, string> } {
  const all = new Map(Object.entries(initial));
  return {
    all,
    get: async (name) => all.get(name),
    store: async (name, value) => void all.set(name, value),
    delete: async (name) => void all.delete(name),
  };
}

const NAME = 'applerouter.apiKey.profile.work';

describe('key binding', () => {
  it('the origin is scheme, host and port; path and case do not matter', () => {
    assert.equal(originOf('https://GW.example.com/v1/'), 'https://gw.example.com');
    assert.equal(originOf('http://127.0.0.1:8787/v1'), 'http://127.0.0.1:8787');
    assert.equal(originOf('not a url'), 'not a url');
  });

  it('a key is given only for the origin it was entered for', async () => {
    const secrets = memorySecrets();
    await storeBoundKey(secrets, NAME, 'sk-work', 'https://gw.example.com');
    assert.equal(await readBoundKey(secrets, NAME, 'https://gw.example.com'), 'sk-work');
    assert.equal(await readBoundKey(secrets, NAME, 'https://attacker.example'), undefined);
    assert.equal(await readBoundKey(secrets, NAME, 'http://gw.example.com'), undefined, 'not over plain http either');
    assert.equal(secrets.all.get(NAME), 'sk-work', 'the key itself stays for its own origin');
  });

  it('a key stored before binding existed is bound to the origin it is first read for', async () => {
    const secrets = memorySecrets({ [NAME]: 'sk-old' });
    assert.equal(await readBoundKey(secrets, NAME, 'https://gw.example.com'), 'sk-old');
    assert.equal(await readBoundKey(secrets, NAME, 'https://elsewhere.example'), undefined);
  });

  it('deleting removes the key and its binding', async () => {
    const secrets = memorySecrets();
    await storeBoundKey(secrets, NAME, 'sk-work', 'https://gw.example.com');
    await deleteBoundKey(secrets, NAME);
    assert.deepEqual([...secrets.all.keys()], []);
  });

  it('removed ids are those named before and no longer named at all (an entry with a typo keeps its key)', () => {
    const raw = [{ id: 'work', baseUrl: 'not-a-url' }, { id: 'home', baseUrl: 'https://h.example/v1' }, 'junk'];
    assert.deepEqual(namedProfileIds(raw), ['work', 'home']);
    assert.deepEqual(removedProfileIds(['work', 'home', 'old'], namedProfileIds(raw)), ['old']);
    assert.deepEqual(removedProfileIds(['default', 'x'], []), ['x'], 'the default profile is never removed');
  });
});
