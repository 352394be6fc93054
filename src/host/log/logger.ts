// The extension's one log: a LogOutputChannel with component tags, credentials redacted before writing.
import * as vscode from 'vscode';
import { taggedLogger, type Logger } from '../../core';
import { redactSecrets } from '../../core/redact';

export type LogTag = 'http' | 'chat' | 'video' | 'key' | 'settings' | (string & {});

/** Implements the core's Logger; `tagged('chat')` gives a logger whose lines start with `[chat]`. */
export class HostLogger implements Logger, vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private secrets: () => readonly (string | undefined)[] = () => [];

  constructor(name = 'AppleRouter') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Values to mask by their exact text wherever they appear (the current API key). */
  setSecretsProvider(provider: () => readonly (string | undefined)[]): void {
    this.secrets = provider;
  }

  tagged(tag: LogTag): Logger {
    return taggedLogger(this, tag);
  }

  trace(message: string): void {
    this.channel.trace(this.clean(message));
  }
  debug(message: string): void {
    this.channel.debug(this.clean(message));
  }
  info(message: string): void {
    this.channel.info(this.clean(message));
  }
  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }
  error(message: string): void {
    this.channel.error(this.clean(message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private clean(message: string): string {
    return redactSecrets(message, this.secrets());
  }
}
