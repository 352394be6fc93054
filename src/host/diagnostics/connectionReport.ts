// Gathers the facts of "AppleRouter: Test Connection" and writes them as one readable plain-text report.
import * as vscode from 'vscode';
import { GatewayError, type Balance, type Translate } from '../../core';
import { modelsFor } from '../../core/models';
import { probeConnection, type ProbeResult } from '../../core/diagnostics';
import { userMessageFor } from '../errors';
import { redactSecrets } from '../../core/redact';
import type { Services } from '../services';

export interface ConnectionFacts {
  baseUrl: string;
  proxy: string;
  probe?: ProbeResult;
  keySet: boolean;
  /** Milliseconds until `GET /models` answered (or failed). */
  modelsMs?: number;
  models?: number;
  chatModels?: number;
  keyAccepted?: boolean;
  balance?: Balance;
  balanceUnsupported?: boolean;
  /** The gateway's own sentence for a failure (with its request id). */
  failure?: string;
}

/** Runs every check; never throws. */
export async function gatherConnectionFacts(services: Services, signal: AbortSignal): Promise<ConnectionFacts> {
  // The open conversation's gateway (the default profile unless the chat picked another).
  const baseUrl = services.profiles.get(services.profiles.activeId).baseUrl;
  const facts: ConnectionFacts = { baseUrl, proxy: describeProxy(services), keySet: false };
  const direct = !services.settings.proxy && !services.settings.vscodeProxy;
  // Through a proxy the gateway's name is resolved and its TLS spoken by the proxy, not by this machine.
  if (direct) facts.probe = await probeConnection(baseUrl).catch(() => undefined);
  try {
    facts.keySet = !!(await services.keyStore.get());
  } catch (error) {
    facts.failure = userMessageFor(error, services);
    return facts;
  }
  const started = performance.now();
  try {
    const models = await services.models.list(undefined, { signal, fresh: true });
    facts.modelsMs = performance.now() - started;
    facts.models = models.length;
    facts.chatModels = modelsFor(models, 'chat').length;
    facts.keyAccepted = facts.keySet;
  } catch (error) {
    facts.modelsMs = performance.now() - started;
    if (error instanceof GatewayError && error.kind === 'auth') facts.keyAccepted = false;
    facts.failure = userMessageFor(error, services);
    services.logger
      .tagged('diagnostics')
      .warn(`GET /models failed: ${error instanceof Error ? error.message : String(error)}`);
    return facts;
  }
  try {
    facts.balance = await services.getClient().getBalance(signal);
    facts.balanceUnsupported = !facts.balance;
  } catch {
    facts.balanceUnsupported = true;
  }
  return facts;
}

/** The proxy requests use, with any credentials in it hidden. */
function describeProxy(services: Services): string {
  const own = services.settings.proxy;
  if (own) return vscode.l10n.t('{0} (applerouter.proxy)', hideCredentials(own));
  const vscodeProxy = services.settings.vscodeProxy;
  if (vscodeProxy) return vscode.l10n.t('{0} (http.proxy)', hideCredentials(vscodeProxy));
  const env = process.env.HTTPS_PROXY ?? process.env.https_proxy ?? process.env.HTTP_PROXY ?? process.env.http_proxy;
  if (env) return vscode.l10n.t('{0} (environment)', hideCredentials(env));
  return vscode.l10n.t('none (direct connection)');
}

function hideCredentials(url: string): string {
  return url.replace(/\/\/[^/@\s]*@/, '//***@');
}

/** Columns a label takes in a monospace editor: CJK and full-width characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return width;
}

const ms = (n: number) => `${Math.max(0, Math.round(n))} ms`;
const usd = (n: number) => `$${n.toFixed(2)}`;

/** The report, one fact per line, in the user's language. */
export function formatConnectionReport(
  facts: ConnectionFacts,
  secrets: readonly (string | undefined)[],
  t: Translate,
  when = new Date(),
): string {
  const lines: string[] = [t('AppleRouter connection report ({0})', when.toLocaleString(vscode.env.language)), ''];
  const row = (label: string, value: string) =>
    lines.push(`${label}${' '.repeat(Math.max(1, 17 - displayWidth(label)))}${value}`);
  row(t('Base URL:'), facts.baseUrl);
  row(t('Proxy:'), facts.proxy);
  const p = facts.probe;
  if (!p) row(t('DNS and TLS:'), t('resolved by the proxy'));
  else {
    row(
      t('DNS:'),
      p.dnsError ? t('failed: {0}', p.dnsError) : t('{0} → {1}', ms(p.dnsMs ?? 0), (p.addresses ?? []).join(', ')),
    );
    if (p.tlsError) row(t('TLS:'), t('failed: {0}', p.tlsError));
    else if (p.tlsMs !== undefined) row(t('TLS:'), `${ms(p.tlsMs)} (${p.tlsProtocol ?? 'TLS'})`);
    else if (!p.dnsError) row(t('TLS:'), t('not used (http)'));
  }
  if (facts.modelsMs !== undefined) row('GET /models:', ms(facts.modelsMs));
  row(
    t('API key:'),
    !facts.keySet
      ? t('not set')
      : facts.keyAccepted === true
        ? t('accepted')
        : facts.keyAccepted === false
          ? t('rejected')
          : t('not checked'),
  );
  if (facts.models !== undefined) row(t('Models:'), t('{0} ({1} chat models)', facts.models, facts.chatModels ?? 0));
  if (facts.balance) {
    const b = facts.balance;
    row(
      t('Balance:'),
      b.remainingUsd !== undefined
        ? t('{0} left of {1} ({2} used)', usd(b.remainingUsd), usd(b.limitUsd ?? 0), usd(b.usedUsd))
        : t('unlimited ({0} used)', usd(b.usedUsd)),
    );
  } else if (facts.balanceUnsupported) row(t('Balance:'), t('not reported by this gateway'));
  lines.push('');
  lines.push(
    facts.failure
      ? t('Result: failed. {0}', facts.failure)
      : facts.keySet
        ? t('Result: the gateway works with this key.')
        : t('Result: the gateway answers; set an API key to use it.'),
  );
  return redactSecrets(lines.join('\n'), secrets) + '\n';
}
