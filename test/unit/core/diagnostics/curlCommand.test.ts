// Unit tests of "Copy Last Request as curl": the command repeats the request and never contains the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { buildCurlCommand, shellQuote } from '../../../../src/core/diagnostics/curlCommand';

const KEY = 'sk-live-1234567890abcdef';

test('the key is replaced by $APPLEROUTER_API_KEY everywhere and credential headers are left out', () => {
  const cmd = buildCurlCommand(
    {
      method: 'POST',
      url: `https://gw.example/v1/chat/completions?key=${KEY}`,
      headers: {
        authorization: `Bearer ${KEY}`,
        'content-type': 'application/json',
        'x-org': 'team-a',
        'proxy-authorization': 'Basic dXNlcjpwYXNz',
        cookie: 'session=1',
      },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: `my key is ${KEY}` }] }),
    },
    [KEY],
  );
  assert.equal(cmd.includes(KEY), false);
  assert.equal(cmd.includes('dXNlcjpwYXNz'), false);
  assert.equal(cmd.includes('session=1'), false);
  assert.match(cmd, /-H "Authorization: Bearer \$APPLEROUTER_API_KEY"/);
  assert.match(cmd, /-H 'x-org: team-a'/);
  assert.match(cmd, /^curl -sS -N -X POST 'https:\/\/gw\.example\/v1\/chat\/completions\?key=\$APPLEROUTER_API_KEY'/);
});

test('a POSIX shell reads the quoted words back exactly, quotes and newlines included', () => {
  const body = JSON.stringify({ content: 'It\'s "quoted"\nand $HOME `stays` literal' });
  const cmd = buildCurlCommand({
    method: 'POST',
    url: 'http://127.0.0.1:1/v1/chat/completions',
    headers: { 'content-type': 'application/json' },
    body,
  });
  // Replace curl by printf so the shell shows how it split the words.
  const words = execFileSync('sh', ['-c', cmd.replace(/^curl/, 'printf "%s\\0"')], {
    encoding: 'utf8',
    env: { ...process.env, HOME: '/nowhere' },
  })
    .split('\0')
    .filter(Boolean);
  assert.equal(words.at(-1), body);
  assert.equal(words.at(-2), '--data-raw');
  assert.equal(shellQuote("a'b"), `'a'\\''b'`);
});

test('the Authorization header is added only when the request had one', () => {
  const cmd = buildCurlCommand({ method: 'GET', url: 'http://gw/v1/models', headers: { accept: 'application/json' } });
  assert.doesNotMatch(cmd, /Authorization/);
  assert.doesNotMatch(cmd, /--data-raw/);
});

test('every credential-looking header is left out, and the key in any encoding is replaced', () => {
  const key = 'sk-Odd/Key+"with"&chars=1';
  const basic = Buffer.from(`user:${key}`).toString('base64');
  const cmd = buildCurlCommand(
    {
      method: 'POST',
      url: `https://gw.example/v1/chat/completions?k=${encodeURIComponent(key)}`,
      headers: {
        Authorization: `Bearer ${key}`,
        'Proxy-Authorization': 'Basic cHJveHk6cGFzcw==',
        Cookie: 'session=abc',
        'X-Api-Key': key,
        'Api-Key': key,
        'X-Goog-Api-Key': 'goog-123',
        'X-Access-Token': 'tok-123',
        'X-Client-Secret': 'sec-123',
        'X-Session-Id': 'sess-123',
        'X-Auth-Extra': 'auth-123',
        'Set-Cookie2': 'c-123',
        'X-Relay': basic,
        'X-Org': 'team-a',
      },
      body: `${JSON.stringify({ key })} ${Buffer.from(key).toString('base64')} ${Buffer.from(key).toString('base64url')}`,
    },
    [key],
  );
  for (const leaked of [
    key,
    encodeURIComponent(key),
    JSON.stringify(key).slice(1, -1),
    Buffer.from(key).toString('base64').slice(0, 20),
    Buffer.from(key).toString('base64url').slice(0, 20),
    basic.slice(8, 28),
    'cHJveHk6cGFzcw',
    'goog-123',
    'tok-123',
    'sec-123',
    'sess-123',
    'auth-123',
    'c-123',
    'session=abc',
  ])
    assert.ok(!cmd.includes(leaked), `${leaked} is in\n${cmd}`);
  assert.match(cmd, /X-Org: team-a/);
  assert.match(cmd, /"Authorization: Bearer \$APPLEROUTER_API_KEY"/);
});
