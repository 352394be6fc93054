// Code actions: "Explain with AppleRouter" on a selection, "Fix with AppleRouter" on each diagnostic in range.
import * as vscode from 'vscode';
import { CommandId } from '../commands';

/** More diagnostics than this under the cursor are not each given their own action (the menu stays short). */
const MAX_FIX_ACTIONS = 3;

export class EditorCodeActionProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const t = vscode.l10n.t;
    const actions: vscode.CodeAction[] = [];
    const diagnostics = context.diagnostics.slice(0, MAX_FIX_ACTIONS);
    for (const diagnostic of diagnostics) {
      const title =
        diagnostics.length === 1
          ? t('Fix with AppleRouter')
          : t('Fix with AppleRouter: {0}', oneLine(diagnostic.message));
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.command = { command: CommandId.fixDiagnostic, title, arguments: [document.uri, diagnostic] };
      actions.push(action);
    }
    if (!range.isEmpty && document.getText(range).trim()) {
      const title = t('Explain with AppleRouter');
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.command = { command: CommandId.explainSelection, title, arguments: [document.uri] };
      actions.push(action);
    }
    return actions;
  }
}

function oneLine(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}
