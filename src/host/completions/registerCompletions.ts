// Registers inline completions: the provider, the status bar toggle, snooze, and turning off on a rejected key.
import * as vscode from 'vscode';
import { DEFAULT_PROFILE_ID } from '../../core/profiles';
import { CompletionEngine, type GatewayError } from '../../core/completions';
import { notifyError } from '../errors';
import { adoptMementoList, globalSets, SharedSet } from '../storage';
import type { Services } from '../services';
import { RecentEditors } from './completionContext';
import { CommandId } from '../commands';
import { completionSettings, SettingKey } from '../settings';
import { CompletionStatusBar, type CompletionState } from './completionStatusBar';
import { GatewayInlineCompletionProvider } from './inlineCompletionProvider';

const REFUSED_FIM_KEY = 'applerouter.completions.refusedFim';
const SNOOZED_UNTIL_KEY = 'applerouter.completions.snoozedUntil';
const SNOOZE_MS = 60 * 60 * 1000;

export function registerCompletions(context: vscode.ExtensionContext, services: Services): CompletionEngine {
  const state = context.globalState;
  const logger = services.logger.tagged('completions');
  // Models whose gateway refused the FIM endpoint, shared by every window (added to, never written whole).
  const memory = globalSets(context);
  const refusedFim = new Set<string>();
  void adoptMementoList(state, REFUSED_FIM_KEY, memory, SharedSet.fimRefused)
    .then(() => memory.cached(SharedSet.fimRefused).forEach((m) => refusedFim.add(m)))
    .catch((e: unknown) => logger.error(`could not read the models that refuse FIM: ${String(e)}`));
  /** Set at the first rejection, before the setting is written: requests stop at once, not when the write lands. */
  let offForRejectedKey = false;

  const engine = new CompletionEngine({
    // Always the default profile: `applerouter.completions.model` names one of its models.
    client: () => services.getClient(DEFAULT_PROFILE_ID),
    model: () => completionSettings.model,
    endpoint: () => completionSettings.endpoint,
    // A model the gateway lists for video or image generation is never sent to, whatever its name.
    endpointTypes: (model) => services.models.endpointTypes(model, DEFAULT_PROFILE_ID),
    logger,
    refusedFim,
    onRefusedFim: (model) =>
      void memory
        .add(SharedSet.fimRefused, [model])
        .catch((e: unknown) => logger.error(`could not remember that ${model} refuses FIM: ${String(e)}`)),
    onFailure: (error) => {
      if (error.kind === 'auth') turnOffForRejectedKey(error);
    },
  });

  const snoozedUntil = (): number => {
    const until = state.get<number>(SNOOZED_UNTIL_KEY, 0);
    return until > Date.now() ? until : 0;
  };
  const current = (): CompletionState => {
    if (!completionSettings.enabled || offForRejectedKey) return { kind: 'off' };
    const until = snoozedUntil();
    return until ? { kind: 'snoozed', until } : { kind: 'on', model: completionSettings.model };
  };
  const statusBar = new CompletionStatusBar();
  const refresh = (): void => statusBar.update(current(), engine.stats);
  const recent = new RecentEditors();
  const provider = new GatewayInlineCompletionProvider(engine, recent, () => current().kind === 'on', refresh);

  /** One notification, then off: every further keystroke would be refused the same way. */
  function turnOffForRejectedKey(error: GatewayError): void {
    if (offForRejectedKey) return;
    offForRejectedKey = true;
    refresh();
    void completionSettings.setEnabled(false).then(refresh);
    notifyError(services, error, {
      tag: 'completions',
      format: (sentence) => vscode.l10n.t('Inline completions were turned off. {0}', sentence),
    });
  }

  let snoozeTimer: NodeJS.Timeout | undefined;
  const armSnoozeTimer = (): void => {
    if (snoozeTimer) clearTimeout(snoozeTimer);
    const until = snoozedUntil();
    snoozeTimer = until ? setTimeout(refresh, until - Date.now() + 50) : undefined;
  };

  context.subscriptions.push(
    statusBar,
    recent,
    { dispose: () => snoozeTimer && clearTimeout(snoozeTimer) },
    vscode.languages.registerInlineCompletionItemProvider(
      [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }],
      provider,
    ),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length && e.document === vscode.window.activeTextEditor?.document) engine.keystroke();
    }),
    services.settings.onDidChange((e) => {
      if (e.affects(SettingKey.completionsEnabled) || e.affects(SettingKey.completionsModel)) refresh();
    }),
    vscode.commands.registerCommand(CommandId.completionsToggle, async () => {
      if (snoozedUntil()) {
        await state.update(SNOOZED_UNTIL_KEY, undefined);
        armSnoozeTimer();
        if (completionSettings.enabled) return refresh();
      }
      const on = current().kind === 'off';
      offForRejectedKey = false;
      await completionSettings.setEnabled(on);
      logger.info(`turned ${on ? 'on' : 'off'}`);
      refresh();
      if (on) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'Inline completions are on: each suggestion is a request to your gateway with {0} and spends credits.',
            completionSettings.model,
          ),
        );
      }
    }),
    vscode.commands.registerCommand(CommandId.completionsSnooze, async () => {
      await state.update(SNOOZED_UNTIL_KEY, Date.now() + SNOOZE_MS);
      armSnoozeTimer();
      logger.info('snoozed for an hour');
      refresh();
    }),
  );
  armSnoozeTimer();
  refresh();
  return engine;
}
