// Every command id the extension registers or runs, so code never repeats the strings (package.json lists them too).
export const CommandId = {
  setApiKey: 'applerouter.setApiKey',
  clearApiKey: 'applerouter.clearApiKey',
  showLog: 'applerouter.showLog',
  newChat: 'applerouter.newChat',
  openChat: 'applerouter.openChat',
  showChatHistory: 'applerouter.showChatHistory',
  /** Opens the chat view: the command VS Code derives from the view id. */
  focusChatView: 'applerouter.chat.focus',
  generateVideo: 'applerouter.generateVideo',
  /** The one gallery of images and videos. */
  gallery: 'applerouter.gallery',
  /** The gallery's earlier id, kept working for keybindings and links. */
  videoGallery: 'applerouter.videoGallery',
  generateImage: 'applerouter.generateImage',
  /** From the explorer (a file's URI) or the chat; asks for the prompt and an optional mask. */
  editImage: 'applerouter.editImage',
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
  manageToolApprovals: 'applerouter.manageToolApprovals',
  testConnection: 'applerouter.testConnection',
  copyLastRequestAsCurl: 'applerouter.copyLastRequestAsCurl',
  /** Run by a click on the status bar entry. */
  selectModel: 'applerouter.selectModel',
  refreshBalance: 'applerouter.refreshBalance',
  completionsToggle: 'applerouter.completions.toggle',
  completionsSnooze: 'applerouter.completions.snooze',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];
