// Every user-visible English string of the chat (host sentences and the webview's table), translated via l10n.
import * as vscode from 'vscode';
import { STRING_KEYS, type StringKey, type WebviewStrings } from '../../shared/protocol';

/** The webview's strings; the host translates them and sends the table in `init/didInit`. */
export const webviewStringSource: Record<StringKey, string> = {
  message: 'Message',
  send: 'Send',
  stop: 'Stop',
  attachImage: 'Attach image',
  removeImage: 'Remove image',
  newChat: 'New Chat',
  history: 'History',
  back: 'Back to chat',
  model: 'Model',
  searchModels: 'Search models',
  videoModel: 'video',
  systemPrompt: 'System prompt',
  systemPromptPlaceholder: 'Optional instructions for this conversation',
  reasoning: 'Reasoning',
  thinking: 'Thinking…',
  copy: 'Copy',
  copied: 'Copied',
  editAndResend: 'Edit and resend',
  regenerate: 'Regenerate',
  retry: 'Retry',
  setApiKey: 'Set API Key',
  showLog: 'Show Log',
  insertAtCursor: 'Insert at cursor',
  openInEditor: 'Open in new editor',
  applyToFile: 'Apply to file',
  copyCode: 'Copy code',
  remoteImage: 'Remote image not loaded',
  openImageLink: 'Open the image link in the browser',
  interrupted: 'The answer was interrupted before it finished; the text so far is kept.',
  stopped: 'Stopped.',
  noKeyTitle: 'Set your API key to start chatting',
  noKeyBody: 'AppleRouter needs the API key from your gateway. It is kept in the system keyring, never in settings.',
  emptyTranscript: 'Ask anything. Enter sends, Shift+Enter starts a new line.',
  searchHistory: 'Search conversations',
  rename: 'Rename',
  delete: 'Delete',
  export: 'Export as Markdown',
  open: 'Open',
  noHistory: 'No saved conversations.',
  you: 'You',
  assistant: 'Assistant',
  tokens: '{0} tokens ({1} in, {2} out)',
  seconds: '{0} s',
  imageTooLarge: '{0} is too large ({1} MB); images up to {2} MB can be attached.',
  imageUnsupported: '{0} is not a PNG, JPEG, WebP or GIF image.',
  tooManyImages: 'At most {0} images can be attached to one message.',
  imageFailed: '{0} could not be read as an image.',
  save: 'Save',
  cancel: 'Cancel',
  messages: '{0} messages',
};

/** Sentences the host shows (notifications, errors in place). */
export const chatMessages = {
  noKey: 'No API key is set; choose "Set API Key" to enter the key from your gateway.',
  keyringFailed: 'The API key could not be read from the system keyring; see the log for details.',
  unexpected: 'Something went wrong while answering ({0}); see the log for details.',
  openLinkConfirm: 'Open this link in your browser?',
  openLinkButton: 'Open Link',
  linkRefused: 'Only web (http, https) and e-mail links can be opened from the chat: {0}',
  noEditor: 'Open a text editor first to insert the code at its cursor.',
  copied: 'Copied to the clipboard.',
  corruptFile: 'A saved conversation could not be read and was set aside as {0}.',
  newerSchema: 'This conversation was saved by a newer version of AppleRouter Chat and is shown read-only.',
  deleteConfirm: 'Delete the conversation "{0}"?',
  deleteButton: 'Delete',
  exportTitle: 'Export Conversation',
  exported: 'Conversation exported to {0}.',
  modelsFailed: 'Could not load the model list: {0}',
  saveFailed: 'The conversation could not be saved ({0}); see the log for details.',
  newChatTitle: 'New chat',
  exportImage: 'Image',
  busy: 'An answer is still streaming; stop it first.',
} as const;

export function buildWebviewStrings(): WebviewStrings {
  const out = {} as WebviewStrings;
  for (const key of STRING_KEYS) out[key] = vscode.l10n.t(webviewStringSource[key]);
  return out;
}
