// The "Set API Key" and "Clear API Key" commands: masked input, keyring storage, a check against GET /models.
import * as vscode from 'vscode';
import { GatewayError } from '../../core';
import { normalizeApiKey, validateApiKeyInput } from './apiKeyInput';
import { CommandId } from '../commands';
import { isCancellation, notifyError, userMessageFor } from '../errors';
import { hostOf } from '../profiles';
import type { GatewayProfile } from '../../core/profiles';
import type { Services } from '../services';

/** What "Set API Key" did; returned by the command so tests and callers can act on it. */
type SetApiKeyResult =
  | { outcome: 'dismissed' }
  | { outcome: 'noProfile' }
  | { outcome: 'storeFailed'; message: string }
  | { outcome: 'verified'; models: number }
  | { outcome: 'rejected'; message: string }
  | { outcome: 'unverified'; message: string };

type ClearApiKeyResult = { outcome: 'noProfile' | 'none' | 'kept' | 'removed' | 'failed' };

export function registerApiKeyCommands(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.setApiKey, () => setApiKey(services)),
    vscode.commands.registerCommand(CommandId.clearApiKey, () => clearApiKey(services)),
  );
}

/**
 * Asks for the key, stores it, then checks it. A key the gateway rejects stays stored (as in other
 * gateway extensions): the rejection may be temporary (an expired quota, a gateway being reconfigured)
 * and the user decides; the message says so and offers "Set API Key" to replace it.
 */
async function setApiKey(services: Services): Promise<SetApiKeyResult> {
  const { t } = services;
  const profile = await services.profiles.pick(vscode.l10n.t('AppleRouter: Set API Key'));
  if (!profile) return { outcome: 'noProfile' };
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('AppleRouter: Set API Key'),
    prompt: vscode.l10n.t(
      'Paste the API key for {0}. It is kept in the system keyring, never in settings.',
      profileLabel(services, profile),
    ),
    placeHolder: vscode.l10n.t('sk-…'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => validateApiKeyInput(value, t),
  });
  if (input === undefined) return { outcome: 'dismissed' };
  const key = normalizeApiKey(input);

  try {
    await services.profiles.keyStore(profile.id).set(key);
  } catch (error) {
    notifyError(services, error, { tag: 'key' });
    return { outcome: 'storeFailed', message: userMessageFor(error, services) };
  }
  return verifyApiKey(services, profile);
}

async function verifyApiKey(services: Services, profile: GatewayProfile): Promise<SetApiKeyResult> {
  const host = hostOf(profile.baseUrl);
  try {
    const models = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Checking the API key with {0}…', host),
        cancellable: true,
      },
      async (_progress, token) => {
        const abort = new AbortController();
        const listener = token.onCancellationRequested(() => abort.abort());
        try {
          // Asked now, with the new key: a list kept from before says nothing about it.
          return await services.models.list(profile.id, { signal: abort.signal, fresh: true });
        } finally {
          listener.dispose();
        }
      },
    );
    services.logger.tagged('key').info(`the API key works with ${host} (${models.length} models)`);
    // The next step for someone who just set the key is the chat: the message offers it.
    const openChat = vscode.l10n.t('Open Chat');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('The API key works ({0} models available).', models.length), openChat)
      .then((choice) => {
        if (choice === openChat) void vscode.commands.executeCommand(CommandId.openChat);
      });
    return { outcome: 'verified', models: models.length };
  } catch (error) {
    const sentence = userMessageFor(error, services);
    if (isCancellation(error)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The API key was saved; the check was cancelled.'));
      return { outcome: 'unverified', message: sentence };
    }
    const format = (s: string) => vscode.l10n.t('The API key was saved. {0}', s);
    notifyError(services, error, { tag: 'key', format });
    if (error instanceof GatewayError && error.kind === 'auth') return { outcome: 'rejected', message: sentence };
    return { outcome: 'unverified', message: sentence };
  }
}

async function clearApiKey(services: Services): Promise<ClearApiKeyResult> {
  const profile = await services.profiles.pick(vscode.l10n.t('AppleRouter: Clear API Key'));
  if (!profile) return { outcome: 'noProfile' };
  const keys = services.profiles.keyStore(profile.id);
  const several = services.profiles.list().length > 1;
  try {
    if ((await keys.get()) === undefined) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No AppleRouter API key is stored.'));
      return { outcome: 'none' };
    }
    const remove = vscode.l10n.t('Remove');
    const choice = await vscode.window.showWarningMessage(
      several
        ? vscode.l10n.t('Remove the API key of {0} from the system keyring?', profile.name)
        : vscode.l10n.t('Remove the AppleRouter API key from the system keyring?'),
      { modal: true, detail: vscode.l10n.t('Chat and video generation stop working until you set a key again.') },
      remove,
    );
    if (choice !== remove) return { outcome: 'kept' };
    await keys.delete();
    void vscode.window.showInformationMessage(vscode.l10n.t('The AppleRouter API key was removed.'));
    return { outcome: 'removed' };
  } catch (error) {
    notifyError(services, error, { tag: 'key' });
    return { outcome: 'failed' };
  }
}

/** The host, or with several profiles the profile's name and host. */
function profileLabel(services: Services, profile: GatewayProfile): string {
  const host = hostOf(profile.baseUrl);
  return services.profiles.list().length > 1 && profile.name !== host ? `${profile.name} (${host})` : host;
}
