// Checks a pasted API key for obvious mistakes before it is stored (pure, so it is unit-tested in Node).
import type { Translate } from '../../core';

/** Longest key we accept; real gateway keys are far shorter, longer input is a mis-paste. */
const MAX_API_KEY_LENGTH = 512;

/** The key as it will be stored: surrounding whitespace and a pasted "Bearer " prefix removed. */
export function normalizeApiKey(value: string): string {
  return value
    .trim()
    .replace(/^Bearer\s+/i, '')
    .trim();
}

/** A translated sentence saying what is wrong with the input, or undefined when it may be a key. */
export function validateApiKeyInput(value: string, t: Translate): string | undefined {
  const key = normalizeApiKey(value);
  if (!key) return t('Paste the API key from your gateway (it usually starts with "sk-").');
  if (/\s/.test(key)) return t('An API key contains no spaces or line breaks; paste only the key.');
  if (key.length > MAX_API_KEY_LENGTH) return t('That is too long for an API key; paste only the key.');
  // Keys travel in an HTTP header, which carries printable ASCII only.
  if (!/^[\x21-\x7e]+$/.test(key))
    return t('An API key contains only letters, digits and punctuation; check what was pasted.');
  if (/^https?:\/\//i.test(key))
    return t(
      'That looks like a URL; set the gateway address in the "applerouter.baseUrl" setting and paste the key here.',
    );
  return undefined;
}
