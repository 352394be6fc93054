// A workspace can make the extension do less, never more: caps only lowered, features only turned off, costs only cut.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveParameters } from '../../../src/core/params';
import {
  languagesAllow,
  lowestValue,
  offWins,
  workspaceParameterLayers,
} from '../../../src/host/settings/settingValues';

const rounds = (v: unknown) => (typeof v === 'number' ? Math.min(100, Math.max(1, Math.floor(v))) : undefined);

describe('workspace limits', () => {
  it('tools.maxRounds: the lower of the user value (or default) and the workspace value', () => {
    assert.equal(lowestValue({ defaultValue: 10, workspaceValue: 100 }, rounds), 10);
    assert.equal(lowestValue({ defaultValue: 10, globalValue: 5, workspaceFolderValue: 50 }, rounds), 5);
    assert.equal(lowestValue({ defaultValue: 10, globalValue: 20, workspaceValue: 3 }, rounds), 3);
    assert.equal(lowestValue<unknown>({ defaultValue: 10, workspaceValue: 'lots' }, rounds), 10);
  });

  it('maxTokens: no user limit means any workspace limit lowers it; a higher one is ignored', () => {
    const tokens = (v: unknown) => (typeof v === 'number' ? v : undefined);
    assert.equal(lowestValue({ defaultValue: null, workspaceValue: 500 }, tokens), 500);
    assert.equal(lowestValue({ defaultValue: null, globalValue: 1000, workspaceValue: 100_000 }, tokens), 1000);
    assert.equal(lowestValue({ defaultValue: null }, tokens), undefined);
  });

  it('tools, VS Code tools and rules: a workspace true never overrides the user false', () => {
    assert.equal(offWins({ defaultValue: true, globalValue: false, workspaceValue: true }), false);
    assert.equal(offWins({ defaultValue: true, globalValue: false, workspaceFolderValue: true }), false);
    assert.equal(offWins({ defaultValue: true, workspaceValue: false }), false);
    assert.equal(offWins({ defaultValue: true, globalValue: true, workspaceFolderValue: false }), false);
    assert.equal(offWins({ defaultValue: true }), true);
    assert.equal(offWins({ defaultValue: true, workspaceValue: true }), true);
  });

  it('completion languages: a workspace may turn a language off, never on', () => {
    const user = { defaultValue: { '*': true, plaintext: false } };
    assert.equal(languagesAllow({ ...user, workspaceValue: { plaintext: true } }, 'plaintext'), false);
    assert.equal(languagesAllow({ ...user, workspaceValue: { '*': true } }, 'plaintext'), false);
    assert.equal(languagesAllow({ ...user, workspaceValue: { python: false } }, 'python'), false);
    assert.equal(languagesAllow({ ...user, workspaceValue: { python: false } }, 'typescript'), true);
    assert.equal(languagesAllow({ ...user, globalValue: { '*': false }, workspaceValue: { '*': true } }, 'go'), false);
  });

  it('modelParameters: a workspace lowers n, max_tokens and reasoning effort, never raises them', () => {
    const user = { global: { max_tokens: 1000 }, modelParameters: { 'o3*': { reasoning_effort: 'medium', n: 2 } } };
    const raising = workspaceParameterLayers(
      {
        workspaceValue: { '*': { n: 8, max_tokens: 200_000, reasoning_effort: 'high', temperature: 2 } },
      },
      { workspaceValue: 1_000_000 },
    );
    const r = resolveParameters('o3-mini', { ...user, workspace: raising });
    assert.deepEqual(r.params, { max_tokens: 1000, n: 2, reasoning_effort: 'medium' });

    const lowering = workspaceParameterLayers(
      { workspaceFolderValue: { 'o3*': { n: 1, reasoning_effort: 'low' } } },
      { workspaceValue: 300 },
    );
    const l = resolveParameters('o3-mini', { ...user, workspace: lowering });
    assert.deepEqual(l.params, { max_tokens: 300, n: 1, reasoning_effort: 'low' });
  });

  it('modelParameters: a workspace n is not sent where the user sends none (one answer is the least)', () => {
    const ws = workspaceParameterLayers({ workspaceValue: { '*': { n: 4, max_tokens: 50 } } }, undefined);
    assert.deepEqual(resolveParameters('gpt-4o', { workspace: ws }).params, { max_tokens: 50 });
  });

  it("modelParameters: the conversation's own choice stands (the user made it in the chat)", () => {
    const ws = workspaceParameterLayers({ workspaceValue: { '*': { max_tokens: 50 } } }, undefined);
    const r = resolveParameters('gpt-4o', { conversation: { max_tokens: 4000 }, workspace: ws });
    assert.equal(r.params.max_tokens, 4000);
  });
});
