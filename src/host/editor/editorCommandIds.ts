// Ids of the editor integration's commands, so code never repeats the strings.
export const EditorCommandId = {
  explainSelection: 'applerouter.explainSelection',
  askAboutSelection: 'applerouter.askAboutSelection',
  addSelectionToChat: 'applerouter.addSelectionToChat',
  /** Run by the "Fix with AppleRouter" code action with (uri, diagnostic); not in the palette. */
  fixDiagnostic: 'applerouter.fixDiagnostic',
  focusChatInput: 'applerouter.focusChatInput',
  /** Run by a code block's "Apply to file" with (code, languageId). */
  applyCodeToFile: 'applerouter.applyCodeToFile',
  acceptProposal: 'applerouter.acceptProposal',
  rejectProposal: 'applerouter.rejectProposal',
} as const;
