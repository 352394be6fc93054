// Registers the model-and-balance status bar entry and the command its click runs.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { BalanceStatusBar, SELECT_MODEL_COMMAND } from './balanceStatusBar';
import { selectChatModel } from './selectModelCommand';

export function registerStatusBar(context: vscode.ExtensionContext, services: Services): BalanceStatusBar {
  const bar = new BalanceStatusBar(services);
  context.subscriptions.push(
    bar,
    vscode.commands.registerCommand(SELECT_MODEL_COMMAND, () => selectChatModel(services)),
    vscode.commands.registerCommand('applerouter.refreshBalance', () => bar.refresh().then(() => ({ ...bar.state }))),
  );
  return bar;
}
