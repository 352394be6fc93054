// The manifest's language-model vendor, walkthrough and new commands: names the issue fixes, files that exist.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));

describe('language-model manifest', () => {
  it('contributes the vendor applerouter, managed by Set API Key', () => {
    assert.deepEqual(manifest.contributes.languageModelChatProviders, [
      { vendor: 'applerouter', displayName: 'AppleRouter', managementCommand: 'applerouter.setApiKey' },
    ]);
  });

  it('contributes Test Connection, Copy Last Request as curl and the balance setting under their fixed names', () => {
    for (const id of ['applerouter.testConnection', 'applerouter.copyLastRequestAsCurl', 'applerouter.selectModel'])
      assert.ok(commands.has(id), id);
    assert.equal(nls['command.testConnection'], 'Test Connection');
    assert.equal(nls['command.copyLastRequestAsCurl'], 'Copy Last Request as curl');
    assert.equal(manifest.contributes.configuration.properties['applerouter.balance.warnBelow'].type, 'number');
  });

  it('has a walkthrough of six steps (the five of the chat provider, then completions) whose links run real commands and whose pictures exist', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    const steps = walkthrough.steps as Array<{
      id: string;
      description: string;
      media: { image: string };
      completionEvents: string[];
    }>;
    assert.deepEqual(
      steps.map((s) => s.id),
      [
        'applerouter.setApiKey',
        'applerouter.openChat',
        'applerouter.explainSelection',
        'applerouter.vscodeChat',
        'applerouter.generateVideo',
        'applerouter.inlineCompletions',
      ],
    );
    for (const step of steps) {
      assert.ok(existsSync(path.join(root, step.media.image)), step.media.image);
      const description = nls[step.description.replace(/%/g, '')];
      const linked = [...description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
      assert.equal(linked.length, 1, `${step.id} links one command`);
      assert.ok(commands.has(linked[0]) || linked[0] === 'workbench.action.chat.open', `${step.id} links ${linked[0]}`);
      assert.deepEqual(step.completionEvents, [`onCommand:${linked[0]}`]);
    }
  });
});
