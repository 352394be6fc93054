// The API key, kept only in VS Code's SecretStorage (the OS keyring), never anywhere in plain text.
import * as vscode from 'vscode';
import { type Logger, describeError } from '../../core';
import { deleteBoundKey, readBoundKey, storeBoundKey } from '../../core/profiles';

const API_KEY_SECRET = 'applerouter.apiKey';

/** SecretStorage failed (typically no OS keyring); `message` is one translated sentence for the user. */
export class KeyStoreError extends Error {
  override readonly name = 'KeyStoreError';
}

export class KeyStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  /** The last value read or written, for exact-value redaction in the log; undefined until known. */
  private cached: string | undefined;
  /** The origin `cached` was read for: another origin reads again (and gets no key unless it was entered for it). */
  private cachedFor: string | undefined;
  /** Fires when the key is stored or removed, in this window or another one. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly logger: Logger,
    /** The secret's name: `applerouter.apiKey` for the default profile, its own name for each other profile. */
    private readonly secretName = API_KEY_SECRET,
    /** The origin of the profile's base URL now: the key is only given for the origin it was entered for. */
    private readonly origin: () => string = () => '',
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key !== secretName && e.key !== `${secretName}.origin`) return;
      // Another window may have changed it. Re-read; an undefined read is never taken as "delete".
      this.cached = undefined;
      this.get().then(
        () => this.emitter.fire(),
        () => this.emitter.fire(),
      );
    });
  }

  /**
   * The stored key, or undefined when there is none or it was entered for another origin than the base URL's now (so
   * it is never sent to another host). Throws KeyStoreError when the keyring fails.
   */
  async get(): Promise<string | undefined> {
    const origin = this.origin();
    if (this.cached !== undefined && this.cachedFor === origin) return this.cached;
    try {
      const value = await readBoundKey(this.secrets, this.secretName, origin);
      if (value) this.remember(value, origin);
      else if (this.cachedFor === origin) this.cached = undefined;
      return value;
    } catch (error) {
      throw this.failure('read', error);
    }
  }

  /** The key as last seen, without touching the keyring (for log redaction). */
  peek(): string | undefined {
    return this.cached;
  }

  async set(key: string): Promise<void> {
    try {
      const origin = this.origin();
      await storeBoundKey(this.secrets, this.secretName, key, origin);
      this.remember(key, origin);
      this.logger.info('API key stored in the system keyring');
    } catch (error) {
      throw this.failure('store', error);
    }
  }

  async delete(): Promise<void> {
    try {
      await deleteBoundKey(this.secrets, this.secretName);
      this.cached = undefined;
      this.cachedFor = undefined;
      this.logger.info('API key removed from the system keyring');
    } catch (error) {
      throw this.failure('delete', error);
    }
  }

  private remember(key: string, origin: string): void {
    this.cached = key;
    this.cachedFor = origin;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }

  private failure(action: 'read' | 'store' | 'delete', error: unknown): KeyStoreError {
    this.logger.error(`SecretStorage ${action} failed: ${describeError(error)}`);
    return new KeyStoreError(
      vscode.l10n.t(
        'VS Code could not access the system keyring for the API key. AppleRouter keeps the key only there, never in plain text: make sure a keyring (for example GNOME Keyring or KWallet) is installed and unlocked, then try again.',
      ),
      { cause: error },
    );
  }
}
