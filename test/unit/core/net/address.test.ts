// The address table: every IPv4 and IPv6 form of a non-public address is refused; public ones pass.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  embeddedIPv4,
  ipv6Groups,
  isBlockedAddress,
  isLoopbackHost,
  parseIPv4Loose,
} from '../../../../src/core/net/address';
import { checkDownloadUrl, downloadPolicyFor } from '../../../../src/core/video';

const blocked: string[] = [
  // IPv4 ranges
  '0.0.0.0',
  '0.1.2.3',
  '10.0.0.1',
  '10.255.255.255',
  '100.64.0.1',
  '100.100.100.200',
  '100.127.255.255',
  '127.0.0.1',
  '127.255.255.254',
  '169.254.169.254',
  '169.254.0.1',
  '172.16.0.1',
  '172.31.255.255',
  '192.0.0.8',
  '192.0.2.1',
  '192.168.1.1',
  '198.18.0.1',
  '198.19.255.255',
  '198.51.100.7',
  '203.0.113.9',
  '224.0.0.1',
  '239.255.255.250',
  '240.0.0.1',
  '255.255.255.255',
  // decimal, hex, octal and short IPv4 forms
  '2130706433',
  '0x7f000001',
  '0x7f.0.0.1',
  '0177.0.0.1',
  '127.1',
  '127.0.1',
  '10.1',
  '0',
  '3232235777',
  // IPv6 ranges
  '::',
  '::1',
  '[::1]',
  'fc00::1',
  'fd00:ec2::254',
  'fdff:ffff::1',
  'fe80::1',
  'fe80::1%eth0',
  'febf::1',
  'fec0::1',
  'ff02::1',
  '2001:db8::1',
  '100::1',
  // IPv4-mapped, -translated and -compatible forms
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
  '[::ffff:7f00:1]',
  '::ffff:10.0.0.1',
  '::ffff:a00:1',
  '::ffff:169.254.169.254',
  '::ffff:a9fe:a9fe',
  '0:0:0:0:0:ffff:7f00:1',
  '::ffff:0:7f00:1',
  '::127.0.0.1',
  '::7f00:1',
  '::a9fe:a9fe',
  // NAT64 and 6to4 carrying a private address
  '64:ff9b::127.0.0.1',
  '64:ff9b::7f00:1',
  '64:ff9b::a9fe:a9fe',
  '64:ff9b:1::a00:1',
  '2002:7f00:1::1',
  '2002:a9fe:a9fe::',
  // Teredo
  '2001:0:4136:e378:8000:63bf:3fff:fdd2',
];

const allowed: string[] = [
  '8.8.8.8',
  '1.1.1.1',
  '100.63.255.255',
  '100.128.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '192.169.0.1',
  '169.253.1.1',
  '198.17.255.255',
  '223.255.255.255',
  '2606:4700:4700::1111',
  '2001:4860:4860::8888',
  '::ffff:8.8.8.8',
  '::ffff:808:808',
  '64:ff9b::8.8.8.8',
  '2002:808:808::1',
  '134744072',
];

describe('address table', () => {
  for (const ip of blocked) it(`refuses ${ip}`, () => assert.equal(isBlockedAddress(ip), true));
  for (const ip of allowed) it(`allows ${ip}`, () => assert.equal(isBlockedAddress(ip), false));

  it('host names are not addresses (they are checked by what they resolve to)', () => {
    assert.equal(isBlockedAddress('example.com'), false);
    assert.equal(isBlockedAddress('api.applerouter.ai'), false);
  });

  it('parses every inet_aton form and rejects what is not one', () => {
    assert.equal(parseIPv4Loose('2130706433'), '127.0.0.1');
    assert.equal(parseIPv4Loose('0x7f.1'), '127.0.0.1');
    assert.equal(parseIPv4Loose('0177.0.0.01'), '127.0.0.1');
    assert.equal(parseIPv4Loose('192.168.257'), '192.168.1.1');
    assert.equal(parseIPv4Loose('256.1.1.1'), undefined);
    assert.equal(parseIPv4Loose('1.2.3.4.5'), undefined);
    assert.equal(parseIPv4Loose('4294967296'), undefined);
    assert.equal(parseIPv4Loose('08.1.1.1'), undefined);
    assert.equal(parseIPv4Loose('example.com'), undefined);
  });

  it('expands IPv6 groups and finds embedded IPv4 addresses', () => {
    assert.deepEqual(ipv6Groups('::ffff:127.0.0.1'), [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    assert.deepEqual(ipv6Groups('fe80::1'), [0xfe80, 0, 0, 0, 0, 0, 0, 1]);
    assert.equal(ipv6Groups('not:an:address'), undefined);
    assert.equal(embeddedIPv4(ipv6Groups('64:ff9b::a9fe:a9fe')!), '169.254.169.254');
    assert.equal(embeddedIPv4(ipv6Groups('2606:4700::1')!), undefined);
  });

  it('recognises loopback hosts in every form', () => {
    for (const h of [
      'localhost',
      'a.localhost',
      '127.0.0.1',
      '127.9.9.9',
      '[::1]',
      '::ffff:7f00:1',
      '2130706433',
      'LOCALHOST.',
    ]) {
      assert.equal(isLoopbackHost(h), true, h);
    }
    for (const h of ['example.com', '10.0.0.1', '::2', 'localhost.example.com'])
      assert.equal(isLoopbackHost(h), false, h);
  });
});

describe('download URL check by parsed address', () => {
  const policy = downloadPolicyFor('https://api.applerouter.ai/v1');

  it('a public gateway gives the strict policy', () => {
    assert.deepEqual(policy, { allowHttp: false, allowLocalAddresses: false });
  });

  for (const url of [
    'https://[::ffff:127.0.0.1]/v.mp4',
    'https://[::ffff:7f00:1]/v.mp4',
    'https://[64:ff9b::7f00:1]/v.mp4',
    'https://[::127.0.0.1]/v.mp4',
    'https://2130706433/v.mp4',
    'https://0x7f.1/v.mp4',
    'https://127.1/v.mp4',
    'https://[fd00:ec2::254]/latest/meta-data',
    'https://169.254.169.254/latest/meta-data',
    'https://100.100.100.200/latest/meta-data',
    'https://0.0.0.0/v.mp4',
  ]) {
    it(`refuses ${url}`, () => assert.throws(() => checkDownloadUrl(url, policy), /refused local address/));
  }

  it('lets a public literal address through', () => {
    assert.equal(checkDownloadUrl('https://[2606:4700:4700::1111]/v.mp4', policy).hostname, '[2606:4700:4700::1111]');
  });

  it('a loopback gateway in any form allows local addresses and plain http', () => {
    for (const base of [
      'http://127.0.0.1:8080/v1',
      'http://[::1]:8080/v1',
      'http://localhost:1/v1',
      'http://2130706433:9/v1',
    ]) {
      assert.deepEqual(downloadPolicyFor(base), { allowHttp: true, allowLocalAddresses: true }, base);
    }
    assert.deepEqual(downloadPolicyFor('https://10.0.0.5/v1'), { allowHttp: false, allowLocalAddresses: true });
  });
});
