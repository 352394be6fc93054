// Composition root: builds the extension's objects and registers them; nothing else.
import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Filled in by the host modules.
}

export function deactivate(): void {}
