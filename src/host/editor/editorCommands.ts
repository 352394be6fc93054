// Explain Selection, Ask About Selection, Add Selection to Chat and Fix (from a diagnostic): editor code into the chat.
import * as vscode from 'vscode';
import { linesAround } from '../../core/editor';
import {
  buildAskPrompt,
  buildExplainPrompt,
  buildFixPrompt,
  type BuiltPrompt,
  type DiagnosticInfo,
} from '../../core/editor';
import { notifyError } from '../errors';
import type { Services } from '../services';
import type { ChatBridge } from './chatBridge';
import { CommandId } from '../commands';
import { editorSettings } from '../settings';
import { linesRange, promptLanguage, snippetFromLines, snippetFromSelection } from './snippetFromEditor';

/** Lines of code sent either side of a diagnostic. */
const FIX_RADIUS_LINES = 20;

/** Where the last editor prompt came from, so "Apply to file" can target the same code. */
export interface PromptOrigin {
  uri: vscode.Uri;
  range: vscode.Range;
  version: number;
}

export class EditorPromptOrigins {
  private last: PromptOrigin | undefined;
  remember(document: vscode.TextDocument, range: vscode.Range): void {
    this.last = { uri: document.uri, range, version: document.version };
  }
  /** The origin in `document`, if the last prompt came from it and the document has not changed since. */
  for(document: vscode.TextDocument): vscode.Range | undefined {
    const o = this.last;
    return o && o.uri.toString() === document.uri.toString() && o.version === document.version ? o.range : undefined;
  }
}

function severityName(s: vscode.DiagnosticSeverity): DiagnosticInfo['severity'] {
  switch (s) {
    case vscode.DiagnosticSeverity.Error:
      return 'error';
    case vscode.DiagnosticSeverity.Warning:
      return 'warning';
    case vscode.DiagnosticSeverity.Information:
      return 'info';
    default:
      return 'hint';
  }
}

function diagnosticCode(code: vscode.Diagnostic['code']): string | undefined {
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** The editor a command acts on: the active one, or the visible editor of the URI a menu passed in. */
function targetEditor(uri?: unknown): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (uri instanceof vscode.Uri && active?.document.uri.toString() !== uri.toString()) {
    return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()) ?? active;
  }
  return active;
}

export function registerEditorCommands(
  context: vscode.ExtensionContext,
  services: Services,
  chat: ChatBridge,
  origins: EditorPromptOrigins,
): void {
  const t = vscode.l10n.t;

  /** The selection of the target editor, or a hint why there is none. */
  const selected = (uri?: unknown) => {
    const editor = targetEditor(uri);
    if (!editor) {
      void vscode.window.showInformationMessage(t('Open a file and select some code first.'));
      return undefined;
    }
    const snippet = snippetFromSelection(editor.document, editor.selection);
    if (!snippet) {
      void vscode.window.showInformationMessage(t('Select some code first.'));
      return undefined;
    }
    return { editor, snippet };
  };

  /** Sends a built prompt; says so when the code had to be cut to the size budget. */
  const send = async (prompt: BuiltPrompt, tag: string) => {
    if (prompt.truncated) {
      void vscode.window.showInformationMessage(
        t(
          'The code was longer than the context size limit ({0} characters) and was truncated; the message says which lines were sent.',
          editorSettings.contextMaxChars,
        ),
      );
    }
    try {
      await chat.sendPrompt(prompt.text, { newConversation: editorSettings.explainInNewChat });
    } catch (error) {
      notifyError(services, error, { tag });
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.explainSelection, async (uri?: unknown) => {
      const s = selected(uri);
      if (!s) return;
      origins.remember(s.editor.document, s.editor.selection);
      await send(buildExplainPrompt(s.snippet, promptLanguage(), editorSettings.contextMaxChars), 'explain');
    }),

    vscode.commands.registerCommand(CommandId.askAboutSelection, async (uri?: unknown) => {
      const s = selected(uri);
      if (!s) return;
      const question = await vscode.window.showInputBox({
        title: t('Ask About Selection'),
        prompt:
          s.snippet.startLine === s.snippet.endLine
            ? t('Your question about {0} (line {1})', s.snippet.path, s.snippet.startLine)
            : t('Your question about {0} (lines {1}–{2})', s.snippet.path, s.snippet.startLine, s.snippet.endLine),
        placeHolder: t('e.g. Why does this loop never end?'),
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : t('Type a question, or press Escape to cancel.')),
      });
      if (question === undefined || !question.trim()) return;
      origins.remember(s.editor.document, s.editor.selection);
      await send(buildAskPrompt(s.snippet, question, promptLanguage(), editorSettings.contextMaxChars), 'ask');
    }),

    vscode.commands.registerCommand(CommandId.addSelectionToChat, async (uri?: unknown) => {
      const s = selected(uri);
      if (!s) return;
      try {
        await chat.addContext({ kind: 'selection', snippet: s.snippet });
      } catch (error) {
        notifyError(services, error, { tag: 'context' });
      }
    }),

    vscode.commands.registerCommand(CommandId.fixDiagnostic, async (uri?: unknown, diagnostic?: unknown) => {
      if (!(uri instanceof vscode.Uri) || !(diagnostic instanceof vscode.Diagnostic)) return;
      const document = await vscode.workspace.openTextDocument(uri);
      const start = diagnostic.range.start.line + 1;
      const end = diagnostic.range.end.line + 1;
      const around = linesAround(start, end, document.lineCount, FIX_RADIUS_LINES);
      const snippet = snippetFromLines(document, around.startLine, around.endLine);
      origins.remember(document, linesRange(document, around.startLine, around.endLine));
      const info: DiagnosticInfo = {
        message: diagnostic.message,
        severity: severityName(diagnostic.severity),
        startLine: start,
        endLine: end,
        source: diagnostic.source,
        code: diagnosticCode(diagnostic.code),
      };
      await send(buildFixPrompt(snippet, info, promptLanguage(), editorSettings.contextMaxChars), 'fix');
    }),

    vscode.commands.registerCommand(CommandId.focusChatInput, async () => {
      try {
        await chat.focusInput();
      } catch (error) {
        notifyError(services, error, { tag: 'chat' });
      }
    }),
  );
}
