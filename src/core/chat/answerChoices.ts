// An answer's alternatives (`n` > 1): collected by index while streaming, all saved, the chosen one continues.
import type { ChatEvent } from '../gateway';
import type { StoredMessage } from './conversation';

type ChoiceEvent = Extract<ChatEvent, { type: 'choice' }>;

/** The other choices of a streaming answer, by index (choice 0 streams into the message itself). */
export type PendingChoices = Map<number, { text: string; reasoning: string }>;

/** Adds one `choice` event's text to its choice. */
export function addChoiceText(pending: PendingChoices, ev: ChoiceEvent, maxChars: number): void {
  let c = pending.get(ev.index);
  if (!c) pending.set(ev.index, (c = { text: '', reasoning: '' }));
  // Each alternative is capped like an answer: a hostile gateway cannot fill memory through them either.
  if (ev.content) c.text = (c.text + ev.content).slice(0, maxChars);
  if (ev.reasoning) c.reasoning = (c.reasoning + ev.reasoning).slice(0, maxChars);
}

/** At the end of an answer with alternatives: every choice in index order, the first one chosen. */
export function recordChoices(m: StoredMessage, pending: PendingChoices): void {
  if (pending.size === 0) return;
  const choices: NonNullable<StoredMessage['choices']> = [
    { text: m.text, ...(m.reasoning ? { reasoning: m.reasoning } : {}) },
  ];
  for (const index of [...pending.keys()].sort((a, b) => a - b)) {
    const c = pending.get(index)!;
    choices.push({ text: c.text, ...(c.reasoning ? { reasoning: c.reasoning } : {}) });
  }
  m.choices = choices;
  m.chosen = 0;
}

/** Makes choice `index` the answer's text (what the conversation continues from); false when there is no such choice. */
export function chooseAlternative(m: StoredMessage, index: number): boolean {
  const c = m.choices?.[index];
  if (!c || !Number.isInteger(index)) return false;
  m.text = c.text;
  if (c.reasoning) m.reasoning = c.reasoning;
  else delete m.reasoning;
  m.chosen = index;
  return true;
}
