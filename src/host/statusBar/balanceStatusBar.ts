// The status bar entry: the chat model for new conversations and, where the gateway reports it, the remaining balance.
import * as vscode from 'vscode';
import { type Balance, describeError } from '../../core';
import { CommandId } from '../commands';
import type { Services } from '../services';
import { balanceSettings, chatSettings, SettingKey } from '../settings';
import { formatUsd, isLow } from './balanceSettings';
import { markdownPlainText, statusBarPlainText } from './plainText';

/** After an answer the gateway books its cost a moment later; wait that long before asking. */
const AFTER_ANSWER_DELAY_MS = 1500;

/** What the entry last showed, for tests and the tooltip. */
export interface BalanceState {
  model: string;
  balance?: Balance;
  /** True when the gateway answered that it has no billing endpoints, or no key is set. */
  unsupported: boolean;
  lastRefresh?: Date;
  low: boolean;
}

export class BalanceStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private afterAnswer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private generation = 0;
  private disposed = false;
  private readonly stateValue: BalanceState = { model: '', unsupported: true, low: false };

  constructor(private readonly services: Services) {
    this.item = vscode.window.createStatusBarItem('applerouter.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('AppleRouter model and balance');
    this.item.command = CommandId.selectModel;
    this.subscriptions.push(
      services.keyStore.onDidChange(() => void this.refresh()),
      services.requests.onDidFinishAnswer(() => {
        clearTimeout(this.afterAnswer);
        this.afterAnswer = setTimeout(() => void this.refresh(), AFTER_ANSWER_DELAY_MS);
      }),
      services.settings.onDidChange((e) => {
        if (e.affects(SettingKey.baseUrl) || e.affects(SettingKey.proxy) || e.affects(SettingKey.customHeaders))
          void this.refresh();
        else if (
          e.affects(SettingKey.model) ||
          e.affects(SettingKey.balanceWarnBelow) ||
          e.affects(SettingKey.balanceRefreshMinutes)
        ) {
          this.schedule();
          this.render();
        }
      }),
    );
    this.render();
    this.item.show();
    this.schedule();
    void this.refresh();
  }

  get state(): Readonly<BalanceState> {
    return this.stateValue;
  }

  /** Asks the gateway for the balance now; concurrent calls share one request. */
  refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.timer);
    clearTimeout(this.afterAnswer);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }

  private schedule(): void {
    clearInterval(this.timer);
    const { refreshMinutes } = balanceSettings;
    this.timer = setInterval(() => void this.refresh(), refreshMinutes * 60_000);
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    let balance: Balance | undefined;
    let unsupported = false;
    try {
      const key = await this.services.keyStore.get();
      if (!key) unsupported = true;
      else balance = await this.services.getClient().getBalance();
      if (key && !balance) unsupported = true;
    } catch (error) {
      // A failed refresh keeps the last figure: the balance has not changed because the network did.
      this.services.logger.tagged('balance').warn(`refresh failed: ${describeError(error)}`);
      return;
    }
    if (this.disposed || generation !== this.generation) return;
    this.stateValue.balance = balance;
    this.stateValue.unsupported = unsupported;
    this.stateValue.lastRefresh = new Date();
    if (balance)
      this.services.logger
        .tagged('balance')
        .debug(`remaining ${balance.remainingUsd ?? 'unlimited'}, used ${balance.usedUsd}`);
    this.render();
  }

  private render(): void {
    const model = chatSettings.model;
    const { warnBelow } = balanceSettings;
    const s = this.stateValue;
    s.model = model;
    s.low = !!s.balance && isLow(s.balance, warnBelow);
    // The model may come from a repository's settings: its name is shown as itself, never as icons or Markdown.
    let text = `$(hubot) ${statusBarPlainText(model)}`;
    if (s.balance)
      text += ` · ${s.balance.remainingUsd !== undefined ? formatUsd(s.balance.remainingUsd) : vscode.l10n.t('unlimited')}`;
    this.item.text = text;
    this.item.backgroundColor = s.low ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = {
      label:
        s.balance?.remainingUsd !== undefined
          ? vscode.l10n.t('AppleRouter model {0}, balance {1}', model, formatUsd(s.balance.remainingUsd))
          : vscode.l10n.t('AppleRouter model {0}', model),
    };
    this.item.tooltip = this.tooltip(model, warnBelow);
  }

  private tooltip(model: string, warnBelow: number): vscode.MarkdownString {
    const s = this.stateValue;
    const lines = [vscode.l10n.t('**Model for new chats:** {0} — click to choose another', markdownPlainText(model))];
    if (s.balance) {
      if (s.balance.remainingUsd !== undefined)
        lines.push(
          vscode.l10n.t(
            '**Balance:** {0} of {1} left',
            formatUsd(s.balance.remainingUsd),
            formatUsd(s.balance.limitUsd ?? 0),
          ),
        );
      else lines.push(vscode.l10n.t('**Balance:** unlimited'));
      lines.push(vscode.l10n.t('**Used:** {0}', formatUsd(s.balance.usedUsd)));
      if (s.low)
        lines.push(vscode.l10n.t('The balance is below {0} (applerouter.balance.warnBelow).', formatUsd(warnBelow)));
    } else if (s.lastRefresh) {
      lines.push(vscode.l10n.t('This gateway does not report a balance.'));
    }
    if (s.lastRefresh)
      lines.push(vscode.l10n.t('Last refreshed at {0}', s.lastRefresh.toLocaleTimeString(vscode.env.language)));
    const md = new vscode.MarkdownString(lines.join('\n\n'));
    md.supportThemeIcons = true;
    return md;
  }
}
