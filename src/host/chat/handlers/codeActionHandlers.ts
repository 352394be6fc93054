// Handlers for copying a message and a code block's actions: copy, insert at cursor, open, apply to file.
import * as vscode from 'vscode';
import { CommandId } from '../../commands';
import type { ChatHandlers, ChatHost } from '../chatHost';
import { chatMessages } from '../chatStrings';
import { languageIdFor } from '../languageIds';

type CodeActionTypes = 'message/copy' | 'code/copy' | 'code/insert' | 'code/open' | 'code/apply';

export function codeActionHandlers(host: ChatHost): Pick<ChatHandlers, CodeActionTypes> {
  return {
    'message/copy': async (msg) => {
      const m = host.session.conversation.messages.find((x) => x.id === msg.messageId);
      if (m) await vscode.env.clipboard.writeText(m.text);
    },
    'code/copy': async (msg) => {
      await vscode.env.clipboard.writeText(msg.code);
    },
    'code/insert': (msg) => insertCode(msg.code),
    'code/open': async (msg) => {
      const doc = await vscode.workspace.openTextDocument({
        content: msg.code,
        language: await languageIdFor(msg.language),
      });
      await vscode.window.showTextDocument(doc, { preview: false });
    },
    'code/apply': async (msg) => {
      await vscode.commands.executeCommand(CommandId.applyCodeToFile, msg.code, msg.language);
    },
  };
}

async function insertCode(code: string): Promise<void> {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor) {
    void vscode.window.showInformationMessage(chatMessages.noEditor());
    return;
  }
  await editor.edit((b) => {
    for (const sel of editor.selections) b.replace(sel, code);
  });
}
