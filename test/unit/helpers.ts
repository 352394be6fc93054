// What many unit tests share: English `{0}` templates in place of vscode.l10n.t, and a log that writes nothing.
import type { Translate } from '../../src/core';

/** Fills `{0}`, `{1}`, … with the arguments, as vscode.l10n.t does for an English bundle. */
export const t: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]));

/** A Logger that drops every line. */
export const quietLog = { debug() {}, info() {}, warn() {}, error() {} };
