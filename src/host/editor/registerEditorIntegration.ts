// Registers the editor integration: selection commands, code actions, and "Apply to file" with its diff.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { registerApplyToFile, type ProposeChange } from './applyToFile';
import type { ChatBridge } from './chatBridge';
import { EditorCodeActionProvider } from './editorCodeActions';
import { EditorPromptOrigins, registerEditorCommands } from './editorCommands';

/** Returns how other features propose a file change for review (the tools' edits). */
export function registerEditorIntegration(
  context: vscode.ExtensionContext,
  services: Services,
  chat: ChatBridge,
): { proposeChange: ProposeChange } {
  const origins = new EditorPromptOrigins();
  registerEditorCommands(context, services, chat, origins);
  const proposeChange = registerApplyToFile(context, services, origins);
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(
      [{ scheme: 'file' }, { scheme: 'untitled' }],
      new EditorCodeActionProvider(),
      {
        providedCodeActionKinds: EditorCodeActionProvider.providedCodeActionKinds,
      },
    ),
  );
  return { proposeChange };
}
