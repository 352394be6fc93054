// What one can do with a generated image, from the preview and from the chat: save, reveal, Markdown, again, edit.
import * as vscode from 'vscode';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { CommandId } from '../commands';

/**
 * The Markdown file an image goes into: the one last edited, with its cursor. Kept as a document and selection, since
 * the preview tab usually covers its editor (a hidden editor's object is no longer usable).
 */
let lastMarkdown: { uri: vscode.Uri; selection: vscode.Selection; column?: vscode.ViewColumn } | undefined;

export function trackMarkdownEditors(): vscode.Disposable {
  const note = (e: vscode.TextEditor | undefined) => {
    if (e && e.document.languageId === 'markdown')
      lastMarkdown = { uri: e.document.uri, selection: e.selection, column: e.viewColumn };
  };
  note(vscode.window.activeTextEditor);
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(note),
    vscode.window.onDidChangeTextEditorSelection((e) => note(e.textEditor)),
  );
}

export async function saveImageAs(file: string): Promise<void> {
  const ext = path.extname(file).slice(1) || 'png';
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.workspace.workspaceFolders?.[0]
      ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, path.basename(file))
      : vscode.Uri.file(file),
    filters: { [vscode.l10n.t('Images')]: [ext] },
    saveLabel: vscode.l10n.t('Save Image'),
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, await fsp.readFile(file));
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Saved the image to {0}.', target.fsPath || target.toString()),
  );
}

export async function revealImage(file: string): Promise<void> {
  await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file));
}

/**
 * `![alt](path)` for `file` as seen from `document`: a relative path when both are in the same workspace folder,
 * otherwise the file's URI.
 */
function markdownImageLink(file: string, alt: string, document: vscode.Uri | undefined): string {
  const label = alt
    .replace(/[[\]\\\n\r]+/g, ' ')
    .trim()
    .slice(0, 100);
  const fileUri = vscode.Uri.file(file);
  const folder = vscode.workspace.getWorkspaceFolder(fileUri);
  let target: string;
  if (document && folder && vscode.workspace.getWorkspaceFolder(document)?.uri.toString() === folder.uri.toString()) {
    target = path.relative(path.dirname(document.fsPath), file).split(path.sep).join('/');
    if (!target.startsWith('.')) target = `./${target}`;
  } else {
    target = fileUri.toString();
  }
  // Angle brackets keep spaces and parentheses in the path from ending the link.
  return `![${label}](<${target.replace(/[<>]/g, encodeURIComponent)}>)`;
}

/** The editor of the Markdown file last edited (shown again if the preview covers it), or undefined. */
async function markdownEditor(): Promise<vscode.TextEditor | undefined> {
  const active = vscode.window.activeTextEditor;
  if (active?.document.languageId === 'markdown') return active;
  const last = lastMarkdown;
  if (!last) return vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'markdown');
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === last.uri.toString());
  if (visible) return visible;
  try {
    return await vscode.window.showTextDocument(last.uri, {
      viewColumn: last.column,
      selection: last.selection,
      preview: false,
    });
  } catch {
    return undefined;
  }
}

/** Inserts the image's Markdown link at the cursor of the Markdown file last edited; without one, copies it. */
export async function insertImageMarkdown(file: string, alt: string): Promise<void> {
  const editor = await markdownEditor();
  if (!editor) {
    await vscode.env.clipboard.writeText(markdownImageLink(file, alt, undefined));
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No Markdown file is open; the image link was copied to the clipboard.'),
    );
    return;
  }
  const link = markdownImageLink(file, alt, editor.document.uri);
  await editor.edit((b) => b.replace(editor.selection, link));
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
}

/** Copies the file's path (where the clipboard cannot take the image itself). */
export async function copyImagePath(file: string): Promise<void> {
  await vscode.env.clipboard.writeText(file);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('The clipboard here cannot take images; the file path was copied instead.'),
  );
}

export function generateImageAgain(model: string, prompt: string): Thenable<unknown> {
  return vscode.commands.executeCommand(CommandId.generateImage, { model, prompt });
}

export function editImageFile(file: string): Thenable<unknown> {
  return vscode.commands.executeCommand(CommandId.editImage, vscode.Uri.file(file));
}
