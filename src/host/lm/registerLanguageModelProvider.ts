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
    services.logger.info(
      '[lm] this VS Code has no language-model provider API; the gateway models stay in the AppleRouter view',
    );
    return undefined;
  }
  const provider = new AppleRouterChatProvider(services);
  context.subscriptions.push(provider, vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, provider));
  return provider;
}
