// The inline completion provider: asks the engine for ghost text where completions are on and the file may be sent.
import * as vscode from 'vscode';
import type { CompletionEngine } from '../../core/completions';
import { completionRequest, mayBeSent, type RecentEditors } from './completionContext';
import { completionSettings } from '../settings';

export class GatewayInlineCompletionProvider implements vscode.InlineCompletionItemProvider {
  constructor(
    private readonly engine: CompletionEngine,
    private readonly recent: RecentEditors,
    private readonly isActive: () => boolean,
    private readonly afterEach: () => void,
  ) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    _context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    if (!this.isActive() || !completionSettings.enabled) return undefined;
    if (!completionSettings.isLanguageEnabled(document.languageId) || !mayBeSent(document)) return undefined;
    // VS Code cancels the token when the user types on: that aborts the request and closes its connection.
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      if (token.isCancellationRequested) return undefined;
      const result = await this.engine.complete(completionRequest(document, position, this.recent), controller.signal);
      if (!result || token.isCancellationRequested) return undefined;
      return [new vscode.InlineCompletionItem(result.text, new vscode.Range(position, position))];
    } finally {
      subscription.dispose();
      this.afterEach();
    }
  }
}
