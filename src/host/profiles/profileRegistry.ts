// The gateways the user set up: one key store and one client per profile, and the profile of the open conversation.
import * as vscode from 'vscode';
import {
  DEFAULT_PROFILE_ID,
  deleteBoundKey,
  namedProfileIds,
  originOf,
  parseProfiles,
  removedProfileIds,
  profileById,
  secretNameFor,
  type GatewayProfile,
  type ProfileProblem,
} from '../../core/profiles';
import type { GatewayClient, Logger } from '../../core';
import { KeyStore } from './keyStore';
import { sanitizeCustomHeaders, SettingKey, type Settings } from '../settings';

/** Builds a profile's client; `profile()` is read on every request, so a changed base URL or header applies at once. */
export type ClientFactory = (profile: () => GatewayProfile, keys: KeyStore) => GatewayClient;

/** globalState: the profile ids `applerouter.profiles` named when last seen, so a removal while closed is noticed too. */
const KNOWN_IDS_KEY = 'applerouter.profiles.knownIds';

export class ProfileRegistry implements vscode.Disposable {
  private readonly stores = new Map<string, KeyStore>();
  private readonly clients = new Map<string, GatewayClient>();
  private readonly keysEmitter = new vscode.EventEmitter<void>();
  private readonly activeEmitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private active = DEFAULT_PROFILE_ID;
  /** The parsed profile list, until `applerouter.profiles`, `baseUrl` or `customHeaders` change. */
  private parsed: GatewayProfile[] | undefined;
  /** The problems last reported, so each set of them is said once. */
  private reported = '';
  /** Fires when any profile's key changes or the profile list changes. */
  readonly onDidChangeKeys = this.keysEmitter.event;
  /** Fires when the open conversation's profile changes. */
  readonly onDidChangeActive = this.activeEmitter.event;
  /** Fires on either. */
  readonly onDidChange: vscode.Event<void> = (listener, thisArg, disposables) => {
    const both = [this.onDidChangeKeys(listener, thisArg), this.onDidChangeActive(listener, thisArg)];
    const d = new vscode.Disposable(() => both.forEach((x) => x.dispose()));
    if (Array.isArray(disposables)) disposables.push(d);
    return d;
  };

  constructor(
    private readonly settings: Settings,
    private readonly secrets: vscode.SecretStorage,
    private readonly logger: Logger,
    private readonly makeClient: ClientFactory,
    private readonly memory?: vscode.Memento,
  ) {
    this.subscriptions.push(
      settings.onDidChange((e) => {
        if (!e.affects(SettingKey.profiles) && !e.affects(SettingKey.baseUrl) && !e.affects(SettingKey.customHeaders))
          return;
        this.parsed = undefined;
        if (e.affects(SettingKey.profiles)) void this.forgetRemovedProfiles();
        this.keysEmitter.fire();
      }),
    );
    void this.forgetRemovedProfiles();
  }

  /**
   * Deletes the keys of profiles the setting no longer names, so a new profile that reuses an id starts without a key.
   * (A profile's key is also bound to its base URL's origin: see KeyStore.)
   */
  private async forgetRemovedProfiles(): Promise<void> {
    if (!this.memory) return;
    const now = namedProfileIds(this.settings.profiles);
    const before = this.memory.get<string[]>(KNOWN_IDS_KEY, []);
    for (const id of removedProfileIds(before, now)) {
      try {
        await deleteBoundKey(this.secrets, secretNameFor(id));
        this.logger.info(`the key of the removed profile "${id}" was deleted`);
      } catch (error) {
        this.logger.warn(`could not delete the key of the removed profile "${id}": ${String(error)}`);
      }
    }
    await this.memory.update(KNOWN_IDS_KEY, now);
  }

  /**
   * The default profile first, then the usable entries of `applerouter.profiles`; an unusable entry is reported once.
   * Read on every request, so it is parsed once per change of the settings it comes from.
   */
  list(): GatewayProfile[] {
    if (!this.parsed) {
      const { profiles, problems } = parseProfiles(this.settings.profiles, {
        defaultProfile: {
          name: hostOf(this.settings.baseUrl),
          baseUrl: this.settings.baseUrl,
          headers: this.settings.customHeaders,
        },
        sanitizeHeaders: sanitizeCustomHeaders,
      });
      this.report(problems);
      this.parsed = profiles;
    }
    return this.parsed;
  }

  /** The profile with this id; the default one for undefined or a removed profile. */
  get(id?: string): GatewayProfile {
    return profileById(this.list(), id);
  }

  /** The open conversation's profile (the default one when it was removed from the setting). */
  get activeId(): string {
    return this.get(this.active).id;
  }

  setActive(id: string | undefined): void {
    const next = id ?? DEFAULT_PROFILE_ID;
    if (next === this.active) return;
    this.active = next;
    this.activeEmitter.fire();
  }

  /** A profile's key store; a removed profile's id means the default profile (never its key sent to another gateway). */
  keyStore(profileId?: string): KeyStore {
    const id = this.get(profileId ?? this.active).id;
    let store = this.stores.get(id);
    if (!store) {
      store = new KeyStore(this.secrets, this.logger, secretNameFor(id), () => originOf(this.get(id).baseUrl));
      this.subscriptions.push(
        store,
        store.onDidChange(() => this.keysEmitter.fire()),
      );
      this.stores.set(id, store);
    }
    return store;
  }

  /** A profile's client, with that profile's key; a removed profile's id means the default profile. */
  client(profileId?: string): GatewayClient {
    const id = this.get(profileId ?? this.active).id;
    let client = this.clients.get(id);
    if (!client) {
      // The base URL and key always belong together: once the profile is gone, the client fails instead of using another's.
      client = this.makeClient(() => this.list().find((p) => p.id === id) ?? removedProfile(id), this.keyStore(id));
      this.clients.set(id, client);
    }
    return client;
  }

  /** Every key seen so far, for exact-value redaction. */
  peekAll(): (string | undefined)[] {
    return [...this.stores.values()].map((s) => s.peek());
  }

  /** The profile to act on: the only one, or the user's choice when there are several; undefined when dismissed. */
  async pick(title: string): Promise<GatewayProfile | undefined> {
    const profiles = this.list();
    if (profiles.length === 1) return profiles[0];
    const items = await Promise.all(
      profiles.map(async (p) => ({
        label: p.name,
        description: p.baseUrl,
        detail: (await this.keyStore(p.id)
          .get()
          .catch(() => undefined))
          ? vscode.l10n.t('A key is set.')
          : vscode.l10n.t('No key set.'),
        profile: p,
      })),
    );
    const active = this.activeId;
    items.sort((a, b) => Number(b.profile.id === active) - Number(a.profile.id === active));
    const chosen = await vscode.window.showQuickPick(items, {
      title,
      placeHolder: vscode.l10n.t('Which gateway?'),
      ignoreFocusOut: true,
    });
    return chosen?.profile;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.keysEmitter.dispose();
    this.activeEmitter.dispose();
  }

  private report(problems: ProfileProblem[]): void {
    const text = problems.map((p) => describeProblem(p)).join(' ');
    if (text === this.reported) return;
    this.reported = text;
    if (!text) return;
    this.logger.warn(`applerouter.profiles: ${text}`);
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Some entries of applerouter.profiles are not used: {0}', text),
    );
  }
}

function describeProblem(p: ProfileProblem): string {
  const which = p.id ? `"${p.id}"` : `#${p.index + 1}`;
  switch (p.reason) {
    case 'notObject':
      return vscode.l10n.t('entry {0} is not an object.', which);
    case 'badId':
      return vscode.l10n.t('entry {0} needs an "id" of letters, digits, ".", "_" or "-".', which);
    case 'duplicateId':
      return vscode.l10n.t('entry {0} repeats an id already used.', which);
    case 'badBaseUrl':
      return vscode.l10n.t('entry {0} needs a "baseUrl" starting with http:// or https://.', which);
    case 'badHeaders':
      return vscode.l10n.t('entry {0} has "headers" that are not an object of strings.', which);
  }
}

/** A profile removed from the setting while a request was on its way: an unroutable address, never another gateway. */
function removedProfile(id: string): GatewayProfile {
  return { id, name: id, baseUrl: 'http://removed-profile.invalid', headers: {} };
}

export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
