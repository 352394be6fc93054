// Keeps this window's chat in step with the history other windows write, and says once when saving stops working.
import * as vscode from 'vscode';
import type { HistoryEvent, HistoryStore } from '../../core/chat';
import { describeError } from '../../core';
import type { ChatController } from './chatController';

/** Watches the store; returns what stops it. */
export function syncHistory(store: HistoryStore, controller: ChatController): vscode.Disposable {
  const stopWatching = store.watch();
  const off = store.onEvent((e) => void onEvent(store, controller, e));
  return new vscode.Disposable(() => {
    off();
    stopWatching();
    store.dispose();
  });
}

async function onEvent(store: HistoryStore, controller: ChatController, e: HistoryEvent): Promise<void> {
  const t = vscode.l10n.t;
  switch (e.type) {
    case 'changed': {
      const open = controller.session.conversation;
      if (store.isDeleted(open.id) && open.messages.length > 0) {
        // As when it is deleted here: the view moves to a new conversation, and says why.
        await controller.newConversation();
        controller.post({
          type: 'notice/didShow',
          message: t('The conversation “{0}” was deleted in another window.', open.title),
        });
      } else {
        const title = store.titleFromElsewhere(open.id, open.title);
        if (title !== undefined) {
          open.title = title;
          controller.post({ type: 'conversation/didChangeTitle', title });
        }
      }
      await controller.refreshHistory();
      return;
    }
    case 'writeFailed': {
      controller.log.error(`history write failed: ${describeError(e.error)}`);
      const showLog = t('Show Log');
      const choice = await vscode.window.showWarningMessage(
        t(
          'AppleRouter could not save the chat history ({0}). Nothing is lost: your conversations stay open in this window and are saved as soon as writing works again.',
          reasonOf(e.error),
        ),
        showLog,
      );
      if (choice === showLog) controller.services.logger.show();
      return;
    }
    case 'writeRecovered':
      controller.log.info('history writes work again; everything kept meanwhile is saved');
      vscode.window.setStatusBarMessage(t('AppleRouter: the chat history is saved again.'), 5000);
      return;
  }
}

/** The cause in a few words the user can act on. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const t = vscode.l10n.t;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return t('the disk is full');
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return t('its folder is read-only');
    case 'ELOCKED':
      return t('another window keeps it locked');
    default:
      return typeof code === 'string' ? code : describeError(error);
  }
}
