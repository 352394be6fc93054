// Composition root: builds the extension's objects and registers them; nothing else.
import * as vscode from 'vscode';
import { registerApiKeyCommands } from './host/apiKeyCommands';
import { createServices } from './host/services';
import { registerShowLogCommand } from './host/showLogCommand';

export function activate(context: vscode.ExtensionContext): void {
  const services = createServices(context);
  registerApiKeyCommands(context, services);
  registerShowLogCommand(context, services);
}

export function deactivate(): void {}
