// "Apply to file": a proposed change shown as a diff against the file, accepted as one undoable edit or rejected.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { notifyError } from '../errors';
import type { EditorPromptOrigins } from './editorCommands';
import { CommandId } from '../commands';

const PROPOSAL_SCHEME = 'applerouter-proposal';

/** How a proposed change ended: accepted (applied), rejected or closed, or refused because the file changed. */
type ProposalOutcome = 'accepted' | 'rejected' | 'changed' | 'failed';

/**
 * Shows a proposed change (a new text for `range`, or a whole new file when `create`) as a diff with Accept and Reject;
 * settles when the user decides. The tools' edit_file and create_file use it.
 */
export type ProposeChange = (
  change: { target: vscode.Uri; range?: vscode.Range; code: string; create?: boolean },
  signal?: AbortSignal,
) => Promise<ProposalOutcome>;

interface Proposal {
  id: string;
  target: vscode.Uri;
  /** The document version the proposal was computed against; accepting a changed file is refused. */
  version: number;
  range: vscode.Range;
  code: string;
  text: string;
  uri: vscode.Uri;
  /** A new file: the diff's left side is empty and Accept creates it. */
  create?: boolean;
  /** Tells a waiting tool how the proposal ended. */
  settle?: (outcome: ProposalOutcome) => void;
}

/** Serves the proposed file contents to the diff editor. */
class ProposalContentProvider implements vscode.TextDocumentContentProvider {
  readonly proposals = new Map<string, Proposal>();
  provideTextDocumentContent(uri: vscode.Uri): string {
    // The left side of a new file's diff ("empty") has no proposal: it shows nothing.
    return this.proposals.get(uri.query)?.text ?? '';
  }
}

/** The range the code replaces: the selection, else the code the last prompt came from, else the whole file. */
function replacementRange(editor: vscode.TextEditor, origins: EditorPromptOrigins): vscode.Range {
  const doc = editor.document;
  if (!editor.selection.isEmpty) return editor.selection;
  return (
    origins.for(doc) ?? new vscode.Range(0, 0, doc.lineCount - 1, doc.lineAt(doc.lineCount - 1).range.end.character)
  );
}

/** The text editor to apply to: the active one, else the one visible beside the chat, else the user picks one. */
async function pickTargetEditor(): Promise<vscode.TextEditor | undefined> {
  const fileEditors = (editors: readonly vscode.TextEditor[]) =>
    editors.filter((e) => e.document.uri.scheme !== PROPOSAL_SCHEME);
  const active = vscode.window.activeTextEditor;
  if (active && active.document.uri.scheme !== PROPOSAL_SCHEME) return active;
  const visible = fileEditors(vscode.window.visibleTextEditors);
  if (visible.length === 1) return visible[0];
  const docs = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' || d.uri.scheme === 'untitled');
  if (docs.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Open the file to apply the code to, then choose Apply to file again.'),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    docs.map((d) => ({ label: vscode.workspace.asRelativePath(d.uri), document: d })),
    { title: vscode.l10n.t('Apply to which file?'), placeHolder: vscode.l10n.t('Choose an open file') },
  );
  return picked ? vscode.window.showTextDocument(picked.document, { preview: false }) : undefined;
}

function stripFinalNewline(code: string, replaced: string): string {
  // A code block always ends with a newline; keep the replaced text's own ending instead of adding a blank line.
  return code.endsWith('\n') && !replaced.endsWith('\n') ? code.replace(/\r?\n$/, '') : code;
}

export function registerApplyToFile(
  context: vscode.ExtensionContext,
  services: Services,
  origins: EditorPromptOrigins,
): ProposeChange {
  const t = vscode.l10n.t;
  const provider = new ProposalContentProvider();
  let counter = 0;

  const closeDiff = async (proposal: Proposal) => {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const mine = tabs.filter(
      (tab) =>
        tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === proposal.uri.toString(),
    );
    if (mine.length) await vscode.window.tabGroups.close(mine);
  };

  /** The proposal named by a URI (editor title actions pass it), else the one in the active diff editor. */
  const findProposal = (arg?: unknown): Proposal | undefined => {
    const fromUri = (u: vscode.Uri | undefined) =>
      u?.scheme === PROPOSAL_SCHEME ? provider.proposals.get(u.query) : undefined;
    if (arg instanceof vscode.Uri) return fromUri(arg);
    if (typeof arg === 'string') return provider.proposals.get(arg);
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputTextDiff) return fromUri(input.modified);
    return [...provider.proposals.values()].at(-1);
  };

  const accept = async (arg?: unknown) => {
    const proposal = findProposal(arg);
    if (!proposal) {
      void vscode.window.showInformationMessage(t('There is no proposed change to accept.'));
      return;
    }
    try {
      if (proposal.create) return await acceptNewFile(proposal);
      const document = await vscode.workspace.openTextDocument(proposal.target);
      if (document.version !== proposal.version) {
        proposal.settle?.('changed');
        void vscode.window.showWarningMessage(
          t(
            '{0} changed after the change was proposed; choose Apply to file again.',
            vscode.workspace.asRelativePath(proposal.target),
          ),
        );
        return;
      }
      // Unsaved edits of the user's own stay unsaved: only a file that was clean is saved with the change.
      const wasDirty = document.isDirty;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(proposal.target, proposal.range, proposal.code);
      if (!(await vscode.workspace.applyEdit(edit)))
        throw new Error(t('VS Code did not apply the edit to {0}.', vscode.workspace.asRelativePath(proposal.target)));
      if (document.uri.scheme === 'file' && !wasDirty) await document.save();
      provider.proposals.delete(proposal.id);
      await closeDiff(proposal);
      await vscode.window.showTextDocument(document, {
        selection: new vscode.Range(proposal.range.start, proposal.range.start),
        preview: false,
      });
      void vscode.window.setStatusBarMessage(
        t('Applied the change to {0} (Undo reverts it).', vscode.workspace.asRelativePath(proposal.target)),
        5000,
      );
      proposal.settle?.('accepted');
    } catch (error) {
      proposal.settle?.('failed');
      notifyError(services, error, { tag: 'apply' });
    }
  };

  /** A new file is created with its content as one edit (Undo removes it); an existing file is never overwritten. */
  const acceptNewFile = async (proposal: Proposal) => {
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(proposal.target, {
      overwrite: false,
      ignoreIfExists: false,
      contents: new TextEncoder().encode(proposal.text),
    });
    if (!(await vscode.workspace.applyEdit(edit))) {
      proposal.settle?.('changed');
      throw new Error(
        t('{0} could not be created (it may exist already).', vscode.workspace.asRelativePath(proposal.target)),
      );
    }
    provider.proposals.delete(proposal.id);
    await closeDiff(proposal);
    await vscode.window.showTextDocument(proposal.target, { preview: false });
    proposal.settle?.('accepted');
  };

  const reject = async (arg?: unknown) => {
    const proposal = findProposal(arg);
    if (!proposal) return;
    provider.proposals.delete(proposal.id);
    proposal.settle?.('rejected');
    await closeDiff(proposal);
  };

  const apply = async (code?: unknown) => {
    if (typeof code !== 'string' || !code.trim()) return;
    const editor = await pickTargetEditor();
    if (!editor) return;
    const document = editor.document;
    const range = replacementRange(editor, origins);
    const replacement = stripFinalNewline(code, document.getText(range));
    const full = document.getText();
    const text = full.slice(0, document.offsetAt(range.start)) + replacement + full.slice(document.offsetAt(range.end));
    const id = String(++counter);
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: document.uri.path, query: id });
    const proposal: Proposal = {
      id,
      target: document.uri,
      version: document.version,
      range,
      code: replacement,
      text,
      uri,
    };
    provider.proposals.set(id, proposal);
    await showProposal(proposal, document.uri);
  };

  const showProposal = async (proposal: Proposal, left: vscode.Uri) => {
    const { id } = proposal;
    const name = vscode.workspace.asRelativePath(proposal.target);
    await vscode.commands.executeCommand('vscode.diff', left, proposal.uri, t('{0} ↔ Proposed change', name), {
      preview: false,
    });
    const acceptLabel = t('Accept');
    const rejectLabel = t('Reject');
    // Not awaited: the diff's title bar has the same two actions, and a dismissed toast must not block anything.
    void vscode.window
      .showInformationMessage(t('Review the proposed change to {0}.', name), acceptLabel, rejectLabel)
      .then((choice) => {
        if (!provider.proposals.has(id)) return;
        if (choice === acceptLabel) void accept(id);
        else if (choice === rejectLabel) void reject(id);
      });
  };

  const propose: ProposeChange = async (change, signal) => {
    const id = String(++counter);
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: change.target.path, query: id });
    let proposal: Proposal;
    let left: vscode.Uri;
    if (change.create) {
      proposal = {
        id,
        target: change.target,
        version: 0,
        range: new vscode.Range(0, 0, 0, 0),
        code: change.code,
        text: change.code,
        uri,
        create: true,
      };
      left = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: change.target.path, query: 'empty' });
    } else {
      const document = await vscode.workspace.openTextDocument(change.target);
      const range = change.range ?? new vscode.Range(0, 0, document.lineCount, 0);
      const full = document.getText();
      const text =
        full.slice(0, document.offsetAt(range.start)) + change.code + full.slice(document.offsetAt(range.end));
      proposal = { id, target: document.uri, version: document.version, range, code: change.code, text, uri };
      left = document.uri;
    }
    const outcome = new Promise<ProposalOutcome>((resolve) => {
      proposal.settle = (o) => {
        proposal.settle = undefined;
        resolve(o);
      };
    });
    provider.proposals.set(id, proposal);
    signal?.addEventListener('abort', () => void reject(id), { once: true });
    await showProposal(proposal, left);
    return outcome;
  };

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, provider),
    vscode.commands.registerCommand(CommandId.applyCodeToFile, apply),
    vscode.commands.registerCommand(CommandId.acceptProposal, accept),
    vscode.commands.registerCommand(CommandId.rejectProposal, reject),
    // A proposal whose diff was closed without a choice is dropped, so a later Accept cannot apply it unseen.
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const tab of e.closed) {
        if (tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === PROPOSAL_SCHEME) {
          provider.proposals.get(tab.input.modified.query)?.settle?.('rejected');
          provider.proposals.delete(tab.input.modified.query);
        }
      }
    }),
  );
  return propose;
}
