// Turns editor text (a selection, lines, a whole file) into a CodeSnippet with a workspace-relative path.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodeSnippet } from '../../core/editor';
import { promptLanguageFor, type PromptLanguage } from '../../core/editor';

/** The prompt language for VS Code's display language. */
export function promptLanguage(): PromptLanguage {
  return promptLanguageFor(vscode.env.language);
}

/** The path the model sees: relative inside the workspace (with the folder's name in a multi-root one), the bare name outside it (no home folders leak). */
export function displayPath(document: vscode.TextDocument): string {
  if (document.isUntitled) return document.fileName;
  if (vscode.workspace.getWorkspaceFolder(document.uri)) return vscode.workspace.asRelativePath(document.uri);
  return path.basename(document.uri.path);
}

/** The selected text with its 1-based line range; undefined for an empty selection. */
export function snippetFromSelection(
  document: vscode.TextDocument,
  selection: vscode.Selection | vscode.Range,
): CodeSnippet | undefined {
  if (selection.isEmpty) return undefined;
  const code = document.getText(selection);
  if (!code.trim()) return undefined;
  // A selection ending at column 0 of a line does not include that line.
  const lastLine =
    selection.end.character === 0 && selection.end.line > selection.start.line
      ? selection.end.line - 1
      : selection.end.line;
  return {
    path: displayPath(document),
    languageId: document.languageId,
    startLine: selection.start.line + 1,
    endLine: lastLine + 1,
    code,
  };
}

/** Whole lines `startLine`–`endLine` (1-based, inclusive). */
export function snippetFromLines(document: vscode.TextDocument, startLine: number, endLine: number): CodeSnippet {
  const range = linesRange(document, startLine, endLine);
  return {
    path: displayPath(document),
    languageId: document.languageId,
    startLine,
    endLine,
    code: document.getText(range),
  };
}

/** The range covering whole lines `startLine`–`endLine` (1-based, inclusive). */
export function linesRange(document: vscode.TextDocument, startLine: number, endLine: number): vscode.Range {
  return new vscode.Range(startLine - 1, 0, endLine - 1, document.lineAt(endLine - 1).range.end.character);
}

/** The whole document. */
export function snippetFromDocument(document: vscode.TextDocument): CodeSnippet {
  return snippetFromLines(document, 1, Math.max(1, document.lineCount));
}
