// Composition root: builds the extension's objects and registers them; nothing else.
import * as vscode from 'vscode';
import { registerApiKeyCommands } from './host/apiKey';
import { registerChat } from './host/chat';
import { registerDiagnostics, registerShowLogCommand } from './host/diagnostics';
import { registerCompletions } from './host/completions';
import { registerEditorIntegration } from './host/editor';
import { registerLanguageModelProvider } from './host/lm';
import { createServices, type Services } from './host/services';
import { registerTools } from './host/tools';
import { registerStatusBar } from './host/statusBar';
import { registerVideo } from './host/video';
import { registerImage } from './host/image';
import { registerGallery } from './host/gallery';

/** What deactivate must finish: the chat's streaming answer written to disk. */
let shutdown: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): { services: Services } | undefined {
  const services = createServices(context);
  registerApiKeyCommands(context, services);
  registerShowLogCommand(context, services);
  const videos = registerVideo(context, services);
  const images = registerImage(context, services);
  registerGallery(context, [images.gallery, videos.gallery]);
  const tools = registerTools(context, services);
  const chat = registerChat(context, services, videos, tools, images);
  shutdown = () => chat.shutdown();
  tools.setProposer(registerEditorIntegration(context, services, chat).proposeChange);
  registerLanguageModelProvider(context, services);
  registerStatusBar(context, services);
  registerDiagnostics(context, services);
  registerCompletions(context, services);
  // Only the extension-host test suite may reach the services (and with them the key); other extensions never.
  return context.extensionMode === vscode.ExtensionMode.Test ? { services } : undefined;
}

/** VS Code waits for this promise (reload, window close), so a streaming answer is saved whole. */
export function deactivate(): Promise<void> | undefined {
  return shutdown?.();
}
