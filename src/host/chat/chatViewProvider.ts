// The chat's webview view: builds its HTML (strict CSP, nonce), validates every message, hands it to the controller.
import * as vscode from 'vscode';
import { buildWebviewHtml } from '../webviewHtml';
import * as path from 'node:path';
import { parseWebviewMessage } from '../../shared/chat/parseWebviewMessage';
import type { HostToWebview } from '../../shared/chat/protocol';
import { describeError } from '../logger';
import { VideoSettingKey, videoSettings } from '../video';
import type { Services } from '../services';
import type { ChatController } from './chatController';

export const CHAT_VIEW_ID = 'applerouter.chat';

export class ChatViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;

  constructor(
    private readonly services: Services,
    private readonly controller: ChatController,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: this.resourceRoots() };
    const log = this.services.logger.tagged('chat');
    const subs: vscode.Disposable[] = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`applerouter.${VideoSettingKey.saveFolder}`)) {
          view.webview.options = { ...view.webview.options, localResourceRoots: this.resourceRoots() };
        }
      }),
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const msg = parseWebviewMessage(raw);
        if (!msg) {
          log.warn(`dropped an invalid message from the chat view (${describeShape(raw)})`);
          return;
        }
        this.controller.handle(msg).catch((e) => log.error(`handling ${msg.type} failed: ${describeError(e)}`));
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.controller.attach(undefined);
        }
        for (const s of subs) s.dispose();
      }),
    ];
    // The webview asks for everything with `webview/ready`; posting before that would be lost.
    this.controller.attach(
      (m: HostToWebview) => void view.webview.postMessage(m),
      (file) => view.webview.asWebviewUri(vscode.Uri.file(file)).toString(),
    );
    view.webview.html = this.html(view.webview);
  }

  /** Shows the view (creating it if needed). */
  async reveal(): Promise<void> {
    if (this.view) this.view.show(false);
    else await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  /** Our media, and the folders veo answers' videos are saved in (so the transcript plays them from disk). */
  private resourceRoots(): vscode.Uri[] {
    const roots = [
      vscode.Uri.joinPath(this.services.context.extensionUri, 'media'),
      vscode.Uri.joinPath(this.services.context.globalStorageUri, 'videos'),
    ];
    const folder = videoSettings.saveFolder;
    if (folder && path.isAbsolute(folder)) roots.push(vscode.Uri.file(folder));
    return roots;
  }

  private html(webview: vscode.Webview): string {
    return buildWebviewHtml(webview, this.services.context.extensionUri, {
      script: 'chat.js',
      stylesheet: 'chat.css',
      title: 'AppleRouter Chat',
      body: '<div id="app" class="chat-app"></div>',
      allowDataUris: true,
    });
  }
}

/** What an invalid message looked like, without its content (it may hold the user's text). */
function describeShape(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return typeof raw;
  const type = (raw as { type?: unknown }).type;
  return `type ${typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : typeof type}`;
}
