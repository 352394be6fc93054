// Handlers for the buttons that run a command (Set API Key, Show Log, Manage Workspace Trust).
import * as vscode from 'vscode';
import { CommandId } from '../../commands';
import type { ChatHandlers } from '../chatHost';

export function commandHandlers(): Pick<ChatHandlers, 'command/setApiKey' | 'command/showLog' | 'command/manageTrust'> {
  return {
    'command/setApiKey': async () => {
      await vscode.commands.executeCommand(CommandId.setApiKey);
    },
    'command/showLog': async () => {
      await vscode.commands.executeCommand(CommandId.showLog);
    },
    'command/manageTrust': async () => {
      await vscode.commands.executeCommand('workbench.trust.manage');
    },
  };
}
