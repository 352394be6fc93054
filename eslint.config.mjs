// Lint for the whole repository: TypeScript hygiene everywhere, and the layer rules of src/ (README, Develop) as import zones.
import { readdirSync, statSync } from 'node:fs';
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Sub-folders of `dir` (the features of one layer), read at lint time so a new feature is covered at once. */
const featuresOf = (dir) => readdirSync(dir).filter((name) => statSync(`${dir}/${name}`).isDirectory());
const coreFeatures = featuresOf('src/core');
const hostFeatures = featuresOf('src/host');
/** Host files outside a feature folder (none today: every host file belongs to one). */
const hostRootFiles = readdirSync('src/host')
  .filter((name) => name.endsWith('.ts'))
  .map((name) => `./src/host/${name}`);

const layerZones = [
  {
    target: './src/core',
    from: ['./src/host', './src/webview', './src/extension.ts'],
    message: 'src/core is plain Node: it imports no host or webview code.',
  },
  {
    target: './src/shared',
    from: './src',
    except: ['./shared'],
    message: 'src/shared imports nothing outside src/shared.',
  },
  {
    target: './src/webview',
    from: ['./src/host', './src/core', './src/extension.ts'],
    message: 'src/webview imports no host or core code; it talks to the host through src/shared.',
  },
  {
    target: ['./src/host', './src/extension.ts'],
    from: './src/core',
    except: ['./index.ts', ...coreFeatures.map((f) => `./${f}/index.ts`)],
    message: 'Outside src/core, the core is imported only through src/core/index.ts or src/core/<feature>/index.ts.',
  },
  // A host feature folder is used from anywhere else in the host only through its index.ts.
  ...hostFeatures.map((feature) => ({
    target: [
      ...hostFeatures.filter((f) => f !== feature).map((f) => `./src/host/${f}`),
      ...hostRootFiles,
      './src/extension.ts',
    ],
    from: `./src/host/${feature}`,
    except: ['./index.ts'],
    message: `Other host code uses src/host/${feature} only through src/host/${feature}/index.ts.`,
  })),
];

const noVscode = {
  paths: [{ name: 'vscode', message: 'Only src/host and src/extension.ts import vscode.' }],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      'media/dist/**',
      '.e2e-cache/**',
      'test-results/**',
      'test/e2e/node_modules/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,mjs,js}'],
    plugins: { import: importPlugin },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.mjs', '.js', '.json'] } },
    },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // The extension logs through the AppleRouter output channel; the webviews have no console a user sees.
      'no-console': 'error',
      'import/no-restricted-paths': ['error', { zones: layerZones }],
      // Runtime cycles; scripts/check-cycles.mjs (also in npm run lint) counts type-only imports as well.
      'import/no-cycle': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'src/webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noVscode] },
  },
  {
    // Browser code: the webviews, and the page that the renderer benchmark loads into Chromium.
    files: ['src/webview/**/*.ts', 'bench/chromiumRendererPage.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);
