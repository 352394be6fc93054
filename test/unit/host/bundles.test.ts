// The extension bundle stays free of undici and the proxy agents; the separately built proxy bundle works on its own through a real proxy.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { Transport, type ProxyModule } from '../../../src/host/net/transport';
import { startLoopbackProxy } from './loopbackProxy';

const root = path.resolve(__dirname, '../../..');

/** The same options esbuild.mjs uses for the two host bundles. */
function hostBuild(entry: string, outfile: string): esbuild.BuildOptions {
  return {
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    metafile: true,
    logLevel: 'silent',
  };
}

describe('host bundles', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'applerouter-bundles-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('dist/extension.js does not contain undici and loads the proxy bundle by a computed path', async () => {
    const out = path.join(dir, 'extension.js');
    const result = await esbuild.build(hostBuild('src/extension.ts', out));
    const inputs = Object.keys(result.metafile!.inputs);
    assert.ok(
      inputs.some((i) => i.includes('src/host/net/transport.ts')),
      'the transport is bundled',
    );
    assert.deepEqual(
      inputs.filter((i) => /node_modules[\\/](undici|agent-base|https?-proxy-agent)[\\/]|proxyTransport/.test(i)),
      [],
    );
    const code = readFileSync(out, 'utf8');
    assert.match(code, /require\([^)]*"proxy\.js"\)/);
  });

  it('dist/proxy.js, built alone, sends requests and agent downloads through a real proxy', async () => {
    const out = path.join(dir, 'proxy.js');
    const result = await esbuild.build(hostBuild('src/host/net/proxyTransport.ts', out));
    assert.ok(
      Object.keys(result.metafile!.inputs).some((i) => /node_modules[\\/]undici/.test(i)),
      'undici is inside the proxy bundle',
    );
    assert.ok(
      Object.keys(result.metafile!.inputs).some((i) => /node_modules[\\/]https-proxy-agent[\\/]/.test(i)),
      'the download agents are inside the proxy bundle',
    );

    const server = http.createServer((_req, res) => res.end('through'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = await startLoopbackProxy();
    const transport = new Transport({
      getProxy: () => proxy.url,
      t: (m) => m,
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loadProxyModule: () => require(out) as ProxyModule,
    });
    try {
      const res = await transport.getFetch()(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
        headers: {},
      });
      assert.equal(await res.text(), 'through');
      assert.equal(proxy.connects, 1);
      // The bundle's http.Agent, as the video downloader uses it.
      const body = await new Promise<string>((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { agent: transport.getAgent() }, (r) => {
            let text = '';
            r.setEncoding('utf8')
              .on('data', (c: string) => (text += c))
              .on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      assert.equal(body, 'through');
      assert.equal(proxy.connects, 2);
    } finally {
      transport.dispose();
      await proxy.close();
      server.closeAllConnections();
      server.close();
    }
  });
});
