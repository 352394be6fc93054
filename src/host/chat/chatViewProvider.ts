// The chat's webview view: a WebviewHost that hands every validated message to the controller.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { parseWebviewMessage } from '../../shared/chat/parseWebviewMessage';
import type { HostToWebview, WebviewToHost } from '../../shared/chat/protocol';
import { CommandId } from '../commands';
import type { Services } from '../services';
import { SettingKey, videoSettings } from '../settings';
import { WebviewHost } from '../webview';
import type { ChatController } from './chatController';
import { CHAT_STYLESHEETS } from './chatStylesheets';

export const CHAT_VIEW_ID = 'applerouter.chat';

export class ChatViewProvider extends WebviewHost<WebviewToHost, HostToWebview> implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;

  constructor(
    private readonly services: Services,
    private readonly controller: ChatController,
  ) {
    super({
      extensionUri: services.context.extensionUri,
      log: services.logger.tagged('chat'),
      parse: parseWebviewMessage,
      isReady: (m) => m.type === 'webview/ready',
    });
    this.register(
      services.settings.onDidChange((e) => {
        if (this.view && e.affects(SettingKey.videoSaveFolder)) {
          this.view.webview.options = { ...this.view.webview.options, localResourceRoots: this.resourceRoots() };
        }
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: this.resourceRoots() };
    // Hidden, the view loses its page; what is posted for it (Chat History) waits for the reloaded page's ready.
    const visibility = view.onDidChangeVisibility(() => {
      if (!view.visible && this.view === view) this.awaitReadyAgain();
    });
    const sub = view.onDidDispose(() => {
      sub.dispose();
      visibility.dispose();
      if (this.view !== view) return;
      this.view = undefined;
      this.disconnect();
      this.controller.attach(undefined);
      // The view is gone, the answer may stream on: what was on screen goes to disk now, not at the next checkpoint.
      void this.controller.session.checkpoint();
    });
    // The webview asks for everything with `webview/ready`; what is posted before that is replayed then.
    this.controller.attach({
      post: (m: HostToWebview) => this.postNow(m),
      videoSrc: (file) => view.webview.asWebviewUri(vscode.Uri.file(file)).toString(),
      isReady: () => this.isReady,
    });
    this.connect(view.webview, {
      script: 'chat.js',
      stylesheets: CHAT_STYLESHEETS,
      title: 'AppleRouter Chat',
      body: '<div id="app" class="chat-app"></div>',
      allowDataUris: true,
    });
  }

  protected onMessage(msg: WebviewToHost): Promise<void> {
    return this.controller.handle(msg);
  }

  /** Shows the view (creating it if needed). */
  async reveal(): Promise<void> {
    if (this.view) this.view.show(false);
    else await vscode.commands.executeCommand(CommandId.focusChatView);
  }

  /** Our media, and the folders veo answers' videos and image answers' images are saved in (shown from disk). */
  private resourceRoots(): vscode.Uri[] {
    const roots = [
      vscode.Uri.joinPath(this.services.context.extensionUri, 'media'),
      vscode.Uri.joinPath(this.services.context.globalStorageUri, 'videos'),
      // Images that image models' answers show (the gallery's copies).
      vscode.Uri.joinPath(this.services.context.globalStorageUri, 'images', 'files'),
    ];
    const folder = videoSettings.saveFolder;
    if (folder && path.isAbsolute(folder)) roots.push(vscode.Uri.file(folder));
    return roots;
  }
}
