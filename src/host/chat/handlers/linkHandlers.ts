// Handler for a link in an answer: only http(s) and mailto, and only after the user confirms.
import * as vscode from 'vscode';
import { isOpenableUrl } from '../../../shared/chat/parseWebviewMessage';
import type { ChatHandlers, ChatHost } from '../chatHost';
import { chatMessages } from '../chatStrings';

export function linkHandlers(host: ChatHost): Pick<ChatHandlers, 'link/open'> {
  return {
    'link/open': async ({ url }) => {
      if (!isOpenableUrl(url)) {
        host.log.info(`refused to open a link: ${url.slice(0, 200)}`);
        void vscode.window.showWarningMessage(chatMessages.linkRefused(url.slice(0, 200)));
        return;
      }
      const open = chatMessages.openLinkButton();
      const choice = await vscode.window.showInformationMessage(
        chatMessages.openLinkConfirm(),
        { modal: true, detail: url },
        open,
      );
      if (choice === open) await vscode.env.openExternal(vscode.Uri.parse(url, true));
    },
  };
}
