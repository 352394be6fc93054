// Registers the model-and-balance status bar entry and the command its click runs.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { CommandId } from '../commands';
import { BalanceStatusBar } from './balanceStatusBar';
import { selectChatModel } from './selectModelCommand';

export function registerStatusBar(context: vscode.ExtensionContext, services: Services): BalanceStatusBar {
  const bar = new BalanceStatusBar(services);
  context.subscriptions.push(
    bar,
    vscode.commands.registerCommand(CommandId.selectModel, () => selectChatModel(services)),
    vscode.commands.registerCommand(CommandId.refreshBalance, () => bar.refresh().then(() => ({ ...bar.state }))),
  );
  return bar;
}
