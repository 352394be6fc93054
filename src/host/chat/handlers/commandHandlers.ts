// Handlers for the buttons that run an extension command (Set API Key, Show Log).
import * as vscode from 'vscode';
import { CommandId } from '../../commands';
import type { ChatHandlers } from '../chatHost';

export function commandHandlers(): Pick<ChatHandlers, 'command/setApiKey' | 'command/showLog'> {
  return {
    'command/setApiKey': async () => {
      await vscode.commands.executeCommand(CommandId.setApiKey);
    },
    'command/showLog': async () => {
      await vscode.commands.executeCommand(CommandId.showLog);
    },
  };
}
