// Handlers for saved conversations: list and search, open, rename, delete, export as Markdown.
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { toMarkdown } from '../../../core/chat';
import type { ChatHandlers, ChatHost } from '../chatHost';
import { buildWebviewStrings, chatMessages } from '../chatStrings';

type HistoryTypes = 'history/list' | 'history/open' | 'history/rename' | 'history/delete' | 'history/export';

export function historyHandlers(host: ChatHost): Pick<ChatHandlers, HistoryTypes> {
  return {
    'history/list': (msg) => host.sendHistory(msg.query),
    'history/open': (msg) => openConversation(host, msg.id),
    'history/rename': async (msg) => {
      host.log.info(`history: renaming ${msg.id}`);
      await host.session.rename(msg.id, msg.title);
      await host.sendHistory('');
    },
    'history/delete': (msg) => deleteConversation(host, msg.id),
    'history/export': (msg) => exportConversation(host, msg.id),
  };
}

async function openConversation(host: ChatHost, id: string): Promise<void> {
  if (id === host.session.conversation.id) {
    host.postConversation();
    return;
  }
  if (await host.session.open(id)) {
    host.postConversation();
    const readOnly = host.session.readOnlyNotice();
    if (readOnly) host.post({ type: 'notice/didShow', message: readOnly });
  }
  for (const message of host.session.takeNotices()) host.post({ type: 'notice/didShow', message });
  await host.sendHistory('');
}

async function deleteConversation(host: ChatHost, id: string): Promise<void> {
  const entry = (await host.store.list()).find((e) => e.id === id);
  const del = chatMessages.deleteButton();
  const choice = await vscode.window.showWarningMessage(
    chatMessages.deleteConfirm(entry?.title ?? id),
    { modal: true },
    del,
  );
  if (choice !== del) return;
  host.log.info(`history: deleting ${id}`);
  if (id === host.session.conversation.id) await host.newConversation();
  await host.store.delete(id).catch((e) => host.session.reportStoreError(e));
  await host.sendHistory('');
}

async function exportConversation(host: ChatHost, id: string): Promise<void> {
  const r =
    id === host.session.conversation.id
      ? { kind: 'ok' as const, conversation: host.session.conversation }
      : await host.store.load(id);
  if (r.kind !== 'ok') return;
  const c = r.conversation;
  const safe =
    (c.title || 'conversation')
      .replace(/[\\/:*?"<>|\n\r\t]+/g, ' ')
      .trim()
      .slice(0, 80) || 'conversation';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  const target = await vscode.window.showSaveDialog({
    title: chatMessages.exportTitle(),
    defaultUri: vscode.Uri.joinPath(folder, `${safe}.md`),
    filters: { Markdown: ['md'] },
  });
  if (!target) return;
  const s = buildWebviewStrings();
  const md = toMarkdown(c, {
    you: s.you,
    assistant: s.assistant,
    systemPrompt: s.systemPrompt,
    image: chatMessages.exportImage(),
  });
  await vscode.workspace.fs.writeFile(target, Buffer.from(md, 'utf8'));
  void vscode.window.showInformationMessage(chatMessages.exported(target.fsPath));
}
