// Registers the chat view, its controller and history store, and the chat commands.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { ContextItem } from '../../core/editor';
import { HistoryStore } from '../../core/chat';
import type { Services } from '../services';
import type { VideoService } from '../video';
import type { ImageService } from '../image';
import type { ToolsApi } from '../tools';
import { CommandId } from '../commands';
import { ChatController } from './chatController';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatViewProvider';
import { syncHistory } from './historySync';

/** What other features (the editor commands) may ask of the chat; matches the editor's ChatBridge. */
export interface ChatApi {
  sendPrompt(text: string, options: { newConversation: boolean }): Promise<void>;
  addContext(item: ContextItem): Promise<void>;
  focusInput(): Promise<void>;
  /** Writes a streaming answer to disk at once (deactivate: reload, window close). */
  shutdown(): Promise<void>;
}

export function registerChat(
  context: vscode.ExtensionContext,
  services: Services,
  videos: VideoService,
  tools?: ToolsApi,
  images?: ImageService,
): ChatApi {
  const store = new HistoryStore(path.join(context.globalStorageUri.fsPath, 'conversations'));
  const controller = new ChatController(services, store, videos, tools, images);
  const provider = new ChatViewProvider(services, controller);
  context.subscriptions.push(
    controller,
    provider,
    // retainContextWhenHidden stays off: the host keeps the state and replays it on `webview/ready`.
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider),
    vscode.commands.registerCommand(CommandId.newChat, async () => {
      await provider.reveal();
      await controller.newConversation();
    }),
    vscode.commands.registerCommand(CommandId.openChat, () => provider.reveal()),
    vscode.commands.registerCommand(CommandId.showChatHistory, async () => {
      await provider.reveal();
      // Held until the view has said it is ready: right after a reload it is still loading.
      provider.postWhenReady({ type: 'view/showHistory' });
    }),
    syncHistory(store, controller),
  );
  return {
    shutdown: () => controller.shutdown(),
    async sendPrompt(text, options) {
      await provider.reveal();
      await controller.sendPrompt(text, options);
    },
    async addContext(item) {
      await provider.reveal();
      controller.addContext(item);
      provider.postWhenReady({ type: 'composer/didRequestFocus' });
    },
    async focusInput() {
      await provider.reveal();
      provider.postWhenReady({ type: 'composer/didRequestFocus' });
    },
  };
}
