// The shared objects every feature receives from activate(): settings, log, key, gateway client.
import * as vscode from 'vscode';
import { createGatewayClient, describeError, type GatewayClient, type Translate } from '../../core';
import { HostLogger } from '../log';
import { ModelListService } from '../models';
import { ActiveKeyStore, ProfileRegistry } from '../profiles';
import { Settings, SettingKey } from '../settings';
import { parseProxySetting, RequestRecorder, Transport, TransportError } from '../net';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly settings: Settings;
  readonly logger: HostLogger;
  /** The key of the open conversation's profile (the default profile's until a conversation picks another). */
  readonly keyStore: ActiveKeyStore;
  /** Every gateway the user set up (`applerouter.profiles`), each with its own key and client. */
  readonly profiles: ProfileRegistry;
  /** A profile's gateway client (the open conversation's profile by default); its getters read settings and key on every request. */
  getClient(profileId?: string): GatewayClient;
  /** vscode.l10n.t, typed as the core's Translate (for GatewayError.toUserMessage). */
  readonly t: Translate;
  /** How requests travel; downloads ask it for the applerouter.proxy agent. */
  readonly transport: Transport;
  /** The last gateway request (for "Copy Last Request as curl") and the end of each answer. */
  readonly requests: RequestRecorder;
  /** Every profile's model list with its filters (chat, completions, video, image): the one place that asks for it. */
  readonly models: ModelListService;
}

/** Builds the services cheaply: no network, no keyring read, the proxy bundle not loaded. */
export function createServices(context: vscode.ExtensionContext): Services {
  const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);
  const logger = new HostLogger();
  const settings = new Settings();
  const transport = new Transport({ getProxy: () => settings.proxy, t, logger: logger.tagged('http') });
  const requests = new RequestRecorder();
  const profiles = new ProfileRegistry(
    settings,
    context.secrets,
    logger.tagged('key'),
    (profile, keys) =>
      createGatewayClient({
        baseUrl: () => profile().baseUrl,
        apiKey: () => keys.get(),
        headers: () => profile().headers,
        fetch: async () => requests.wrap(await transport.getFetch()),
        timeouts: () => {
          const ms = settings.requestTimeoutSeconds * 1000;
          return { connectMs: ms, firstByteMs: ms, idleMs: ms };
        },
        logger,
      }),
    context.globalState,
  );
  const keyStore = new ActiveKeyStore(profiles);
  const models = new ModelListService(profiles, settings);
  logger.setSecretsProvider(() => profiles.peekAll());
  context.subscriptions.push(logger, settings, profiles, transport, requests, models);

  context.subscriptions.push(
    settings.onDidChange((e) => {
      if (e.affects(SettingKey.proxy)) warnAboutProxySetting(settings.proxy, t, logger);
    }),
  );

  const getClient = (profileId?: string): GatewayClient => profiles.client(profileId);

  return { context, settings, logger, keyStore, profiles, getClient, t, transport, requests, models };
}

/** Says at once, not at the next request, when a newly entered proxy setting cannot be used. */
function warnAboutProxySetting(value: string, t: Translate, logger: HostLogger): void {
  try {
    parseProxySetting(value, t);
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    logger.tagged('settings').warn(describeError(error));
    void vscode.window.showWarningMessage(error.message);
  }
}
