// The one redirect policy of downloads and Load image: every hop checked, credentials only while on the first origin.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RefusedUrlError, redirectHop } from '../../../../src/core/net';

const policy = { allowHttp: false, allowLocalAddresses: false };
const first = new URL('https://gw.example.com/v1/videos/1/content');

describe('redirectHop', () => {
  it('keeps credentials on the first origin, drops them elsewhere, and never gives them back', () => {
    const same = redirectHop(first, '/files/a.mp4', policy, true, first.origin);
    assert.deepEqual([same.url.href, same.credentialed], ['https://gw.example.com/files/a.mp4', true]);
    const away = redirectHop(same.url, 'https://cdn.example.net/a.mp4?sig=1', policy, same.credentialed, first.origin);
    assert.equal(away.credentialed, false);
    const back = redirectHop(away.url, 'https://gw.example.com/files/a.mp4', policy, away.credentialed, first.origin);
    assert.equal(back.credentialed, false, 'once gone to another origin, credentials do not come back');
  });

  it('checks every hop like the first URL: scheme, credentials in the URL, literal local addresses', () => {
    for (const location of [
      'http://cdn.example.net/a.mp4',
      'https://user:pw@cdn.example.net/a.mp4',
      'https://169.254.169.254/latest/meta-data',
      'https://[::ffff:127.0.0.1]/a',
      'file:///etc/passwd',
    ])
      assert.throws(() => redirectHop(first, location, policy, true, first.origin), RefusedUrlError, location);
  });
});
