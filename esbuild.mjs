// Builds the extension host bundle, the lazily loaded proxy and tokenizer bundles, the webview bundles and the
// extension-host test suite. `--production` minifies and drops source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, cpSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  // In watch mode the problem-matcher plugin below prints errors, one per consecutive pair of lines.
  logLevel: watch ? 'silent' : 'warning',
  legalComments: 'none',
};

/** Every build. A missing entry point fails the build: it is a renamed or deleted file, not something to skip. */
const builds = [
  // The extension host runs VS Code's bundled Node (≥ 20 for engines.vscode ^1.104).
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  // undici's ProxyAgent lives in its own bundle, required only when applerouter.proxy is set.
  {
    ...common,
    entryPoints: ['src/host/net/proxyTransport.ts'],
    outfile: 'dist/proxy.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  // OpenAI's tokenizers (gpt-tokenizer's ranks, a few MB) in their own bundle, required on the first token count.
  {
    ...common,
    entryPoints: ['src/core/context/openaiTokenizers.ts'],
    outfile: 'dist/tokenizer.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
  },
  // Webviews: browser code, one bundle each.
  {
    ...common,
    entryPoints: ['src/webview/chat/main.ts'],
    outfile: 'media/dist/chat.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['src/webview/video/main.ts'],
    outfile: 'media/dist/video.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['src/webview/image/main.ts'],
    outfile: 'media/dist/image.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  // Extension-host tests (mocha inside VS Code); never packaged.
  ...(production
    ? []
    : [
        {
          ...common,
          sourcemap: 'inline',
          minify: false,
          entryPoints: ['test/suite/index.ts'],
          outfile: 'out/test/suite/index.js',
          platform: 'node',
          format: 'cjs',
          target: 'node20',
          external: ['vscode', 'mocha'],
        },
      ]),
];

function copyAssets() {
  // Codicons' font and CSS are served to the webviews from media/, so the package needs no node_modules.
  const src = 'node_modules/@vscode/codicons/dist';
  if (!existsSync(src)) throw new Error(`${src} is missing: run npm ci`);
  mkdirSync('media/dist/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) cpSync(`${src}/${f}`, `media/dist/codicons/${f}`);
}

/**
 * In watch mode, tells the editor's background problem matcher (.vscode/tasks.json) when a rebuild starts and ends,
 * counted over all bundles so that F5 waits for every one of them, and prints errors in the matcher's format.
 */
let running = 0;
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (running++ === 0) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (--running === 0) console.log('[watch] build finished');
    });
  },
};

copyAssets();
if (watch) {
  // All contexts first, then all watches together, so the first builds overlap and end in one "build finished".
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...b, plugins: [problemMatcherPlugin] })));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
