// The "AppleRouter: Show Log" command.
import * as vscode from 'vscode';
import { CommandId } from '../commands';
import type { Services } from '../services';

export function registerShowLogCommand(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.commands.registerCommand(CommandId.showLog, () => services.logger.show()));
}
