// "AppleRouter: Select Chat Model": picks the model new conversations start with, from the gateway's chat models.
import * as vscode from 'vscode';
import { chatModelsOf } from '../../core/lm';
import { notifyError } from '../errors';
import type { Services } from '../services';

export async function selectChatModel(services: Services): Promise<string | undefined> {
  const current = String(vscode.workspace.getConfiguration('applerouter').get('model') || '');
  let ids: string[];
  try {
    ids = chatModelsOf(await services.getClient().listModels()).map((m) => m.id);
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
  await vscode.workspace
    .getConfiguration('applerouter')
    .update('model', choice.label, vscode.ConfigurationTarget.Global);
  return choice.label;
}
