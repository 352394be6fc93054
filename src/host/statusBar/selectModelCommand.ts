// "AppleRouter: Select Chat Model": picks the model new conversations start with, from the gateway's chat models.
import * as vscode from 'vscode';
import { notifyError } from '../errors';
import type { Services } from '../services';
import { chatSettings } from '../settings';

export async function selectChatModel(services: Services): Promise<string | undefined> {
  const current = chatSettings.model;
  let ids: string[];
  try {
    ids = (await services.models.models('chat')).map((m) => m.id);
  } catch (error) {
    notifyError(services, error, { tag: 'balance' });
    return undefined;
  }
  const items = ids.map((id) => ({
    label: id,
    description: id === current ? vscode.l10n.t('current') : undefined,
    picked: id === current,
  }));
  const choice = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('AppleRouter: Select Chat Model'),
    placeHolder: vscode.l10n.t('Model for new chats (now {0})', current || '—'),
    matchOnDescription: true,
  });
  if (!choice) return undefined;
  await chatSettings.setModel(choice.label);
  return choice.label;
}
