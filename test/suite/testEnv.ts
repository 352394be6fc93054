// What the runner (test/e2e/runHostTests.ts) tells the suite about its gateway and folders, and the extension under test.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'applerouter.applerouter-chat';

function required(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: run this suite through \`npm run test:host\``);
  return value;
}

export const testEnv = {
  get gatewayOrigin() {
    return required('APPLEROUTER_TEST_GATEWAY_ORIGIN');
  },
  get baseUrl() {
    return required('APPLEROUTER_TEST_BASE_URL');
  },
  get userSettingsFile() {
    return required('APPLEROUTER_TEST_USER_SETTINGS');
  },
  get userDataDir() {
    return required('APPLEROUTER_TEST_USER_DATA');
  },
  get workspaceDir() {
    return required('APPLEROUTER_TEST_WORKSPACE');
  },
};

export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this window`);
  await ext.activate();
  return ext;
}

/** The test gateway's control API (see test/gateway). */
export const gateway = {
  async requests(): Promise<
    Array<{ method: string; path: string; headers: Record<string, string | string[] | undefined> }>
  > {
    const res = await fetch(`${testEnv.gatewayOrigin}/__control/requests`);
    assert.equal(res.status, 200, 'gateway control API /requests');
    return (await res.json()) as Array<{
      method: string;
      path: string;
      headers: Record<string, string | string[] | undefined>;
    }>;
  },
  /** Queues one scripted answer (see test/gateway/README.md, ResponseScript). */
  async enqueue(script: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${testEnv.gatewayOrigin}/__control/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(script),
    });
    assert.equal(res.status < 300, true, 'gateway control API /enqueue');
  },
  async reset(): Promise<void> {
    const res = await fetch(`${testEnv.gatewayOrigin}/__control/reset`, { method: 'POST' });
    assert.equal(res.status < 300, true, 'gateway control API /reset');
  },
};
