// The key of the open conversation's profile, for the features that act on "the current gateway".
import type * as vscode from 'vscode';
import type { ProfileRegistry } from './profileRegistry';

export class ActiveKeyStore {
  /** Fires when any profile's key changes or the open conversation's profile changes. */
  readonly onDidChange: vscode.Event<void>;

  constructor(private readonly profiles: ProfileRegistry) {
    this.onDidChange = profiles.onDidChange;
  }

  /** The active profile's key; throws KeyStoreError when the keyring fails. */
  get(): Promise<string | undefined> {
    return this.profiles.keyStore().get();
  }

  /** Every profile's key seen so far, for redaction. */
  peekAll(): (string | undefined)[] {
    return this.profiles.peekAll();
  }

  set(key: string): Promise<void> {
    return this.profiles.keyStore().set(key);
  }

  delete(): Promise<void> {
    return this.profiles.keyStore().delete();
  }
}
