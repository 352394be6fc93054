// n > 1: the client keeps choices apart by index, the session saves them all, and the chosen one continues.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import type { ChatEvent } from '../../../../src/core';
import { ChatSession, chooseAlternative } from '../../../../src/core/chat';
import { sessionDeps, testClient } from './sessionDeps';

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(async () => {
  await gw.close();
});

const client = () => testClient(gw.baseUrl);

describe('n > 1', () => {
  it('the client keeps interleaved choices apart by index', async () => {
    const events: ChatEvent[] = [];
    for await (const e of client().streamChat({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'pick one' }],
      n: 2,
    }))
      events.push(e);
    const content = events.flatMap((e) => (e.type === 'content' ? [e.text] : [])).join('');
    const other = events
      .flatMap((e) => (e.type === 'choice' && e.index === 1 && e.content ? [e.content] : []))
      .join('');
    assert.match(content, /^You asked:\n\n> pick one/);
    assert.equal(other, 'Choice 2 of 2: pick one');
    assert.equal((gw.requests.at(-1)!.json as { n: number }).n, 2);
  });

  it('the session saves every choice; the chosen one is what the next request continues from', async () => {
    const { deps } = await sessionDeps(gw.baseUrl, {
      parameterLayers: () => ({ modelParameters: { 'gpt-4o': { n: 2 } } }),
    });
    const store = deps.store;
    const s = new ChatSession(deps);
    await s.send('two ways', []);
    const answer = s.conversation.messages[1]!;
    assert.equal(answer.choices?.length, 2);
    assert.equal(answer.chosen, 0);
    assert.equal(answer.text, answer.choices![0]!.text);
    assert.equal(answer.choices![1]!.text, 'Choice 2 of 2: two ways');
    assert.equal(chooseAlternative(answer, 1), true);
    assert.equal(chooseAlternative(answer, 2), false);
    await s.persist();
    const saved = await store.load(s.conversation.id);
    assert.ok(saved.kind === 'ok');
    assert.equal(saved.conversation.messages[1]!.chosen, 1);
    assert.equal(saved.conversation.messages[1]!.choices?.length, 2);
    await s.send('go on', []);
    const body = gw.requests.at(-1)!.json as { messages: { role: string; content: string }[] };
    assert.deepEqual(body.messages[1], { role: 'assistant', content: 'Choice 2 of 2: two ways' });
  });
});
