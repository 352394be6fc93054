// Gateway profiles: the default profile first, usable entries in order, each unusable entry reported and left out.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PROFILE_ID, parseProfiles, profileById, secretNameFor } from '../../../../src/core/profiles';

const options = {
  defaultProfile: { name: 'api.applerouter.ai', baseUrl: 'https://api.applerouter.ai/v1', headers: { 'X-Org': 'a' } },
  // Stands in for the host's header rule: only string values survive.
  sanitizeHeaders: (v: unknown) =>
    Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => typeof x === 'string')) as Record<
      string,
      string
    >,
};

describe('parseProfiles', () => {
  it('without the setting there is only the default profile', () => {
    for (const raw of [undefined, null, {}, 'x', []]) {
      const r = parseProfiles(raw, options);
      assert.deepEqual(r.profiles, [{ id: DEFAULT_PROFILE_ID, ...options.defaultProfile }]);
      assert.deepEqual(r.problems, []);
    }
  });

  it('keeps usable entries in order, trims ids and slashes, names a profile after its host when it has no name', () => {
    const r = parseProfiles(
      [
        {
          id: ' work ',
          name: 'Work gateway',
          baseUrl: 'https://gw.example.com/v1/',
          headers: { 'X-Team': 'core', 'X-Bad': 3 },
        },
        { id: 'home.2', baseUrl: 'http://127.0.0.1:8080/v1' },
      ],
      options,
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.profiles.map((p) => [p.id, p.name, p.baseUrl, p.headers]),
      [
        ['default', 'api.applerouter.ai', 'https://api.applerouter.ai/v1', { 'X-Org': 'a' }],
        ['work', 'Work gateway', 'https://gw.example.com/v1', { 'X-Team': 'core' }],
        ['home.2', '127.0.0.1:8080', 'http://127.0.0.1:8080/v1', {}],
      ],
    );
  });

  it('reports each unusable entry with its position and id, and leaves it out', () => {
    const r = parseProfiles(
      [
        'text',
        { name: 'no id', baseUrl: 'https://a.example/v1' },
        { id: 'has space', baseUrl: 'https://a.example/v1' },
        { id: 'default', baseUrl: 'https://a.example/v1' },
        { id: 'ok', baseUrl: 'https://a.example/v1' },
        { id: 'ok', baseUrl: 'https://b.example/v1' },
        { id: 'file', baseUrl: 'file:///etc/passwd' },
        { id: 'nourl' },
        { id: 'arr', baseUrl: 'https://c.example/v1', headers: ['x'] },
      ],
      options,
    );
    assert.deepEqual(
      r.profiles.map((p) => p.id),
      ['default', 'ok'],
    );
    assert.deepEqual(r.problems, [
      { index: 0, reason: 'notObject' },
      { index: 1, reason: 'badId' },
      { index: 2, reason: 'badId' },
      { index: 3, id: 'default', reason: 'duplicateId' },
      { index: 5, id: 'ok', reason: 'duplicateId' },
      { index: 6, id: 'file', reason: 'badBaseUrl' },
      { index: 7, id: 'nourl', reason: 'badBaseUrl' },
      { index: 8, id: 'arr', reason: 'badHeaders' },
    ]);
  });
});

describe('profileById / secretNameFor', () => {
  const { profiles } = parseProfiles([{ id: 'work', baseUrl: 'https://gw.example.com/v1' }], options);
  it('finds a profile; undefined or a removed id is the default profile', () => {
    assert.equal(profileById(profiles, 'work').baseUrl, 'https://gw.example.com/v1');
    assert.equal(profileById(profiles, undefined).id, 'default');
    assert.equal(profileById(profiles, 'gone').id, 'default');
  });
  it('the default key keeps its old secret name; every other profile has its own', () => {
    assert.equal(secretNameFor('default'), 'applerouter.apiKey');
    assert.equal(secretNameFor('work'), 'applerouter.apiKey.profile.work');
    assert.notEqual(secretNameFor('work'), secretNameFor('home'));
  });
});
