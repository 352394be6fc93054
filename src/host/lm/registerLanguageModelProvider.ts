// Registers the gateway as a language-model vendor, so VS Code's chat and other extensions can use its models.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { AppleRouterChatProvider, LM_VENDOR } from './applerouterChatProvider';

export function registerLanguageModelProvider(
  context: vscode.ExtensionContext,
  services: Services,
): AppleRouterChatProvider | undefined {
  // Hosts older than 1.104 (or forks without the API) simply get no provider.
  if (typeof vscode.lm?.registerLanguageModelChatProvider !== 'function') {
    services.logger
      .tagged('lm')
      .info('this VS Code has no language-model provider API; the gateway models stay in the AppleRouter view');
    return undefined;
  }
  const provider = new AppleRouterChatProvider(services);
  context.subscriptions.push(provider, vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, provider));
  // VS Code asks a vendor for its models only when a model of it is selected or the provider says its list changed,
  // and its picker offers only models it has asked for in this window. A window whose chat never selected a gateway
  // model (the key was set while chat.disableAIFeatures was on) would offer none, even after a reload: say it here.
  if (services.settings.vscodeAiFeatures) provider.refresh();
  return provider;
}
