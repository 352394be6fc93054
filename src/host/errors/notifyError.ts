// Shows any failure as one actionable notification (the gateway's own sentence) and logs the detail.
import * as vscode from 'vscode';
import { GatewayError, describeError } from '../../core';
import { CommandId } from '../commands';
import { KeyStoreError } from '../profiles';
import { redactSecrets } from '../../core/redact';
import type { Services } from '../services';
import { TransportError } from '../net';

/** The one sentence a user sees for `error`, in their language. */
export function userMessageFor(error: unknown, services: Pick<Services, 't' | 'keyStore'>): string {
  // A proxy failure already is one sentence naming the setting to fix; the core's network wording would bury it.
  if (error instanceof GatewayError && error.cause instanceof TransportError) return error.cause.message;
  if (error instanceof GatewayError) return error.toUserMessage(services.t);
  if (error instanceof KeyStoreError || error instanceof TransportError) return error.message;
  const detail = error instanceof Error ? error.message : String(error);
  return services.t('Something went wrong: {0}', redactSecrets(detail, services.keyStore.peekAll()));
}

/** True for a user's own Stop/cancel, which is never reported as an error. */
export function isCancellation(error: unknown): boolean {
  if (error instanceof GatewayError) return error.kind === 'aborted';
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Logs `error` under `options.tag` and shows its sentence with "Set API Key" (for key problems) and "Show Log".
 * Returns at once; a button is handled when clicked, so callers never wait for the notification to close.
 */
export function notifyError(
  services: Services,
  error: unknown,
  options: {
    tag?: string;
    /** Wraps the sentence, e.g. "The API key was saved. {0}" already translated. */ format?: (
      sentence: string,
    ) => string;
  } = {},
): void {
  if (isCancellation(error)) return;
  services.logger.tagged(options.tag ?? 'http').error(describeError(error));
  const sentence = userMessageFor(error, services);
  const message = options.format ? options.format(sentence) : sentence;
  const actions: string[] = [];
  const setKey = vscode.l10n.t('Set API Key');
  const showLog = vscode.l10n.t('Show Log');
  if (error instanceof GatewayError && error.kind === 'auth') actions.push(setKey);
  actions.push(showLog);
  void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
    if (choice === setKey) void vscode.commands.executeCommand(CommandId.setApiKey);
    else if (choice === showLog) services.logger.show();
  });
}
