// The status bar item of inline completions: on, off or snoozed at a glance; counts and the last failure in its tooltip.
import * as vscode from 'vscode';
import type { CompletionStats } from '../../core/completions';
import { CommandId } from '../commands';

export type CompletionState = { kind: 'off' } | { kind: 'on'; model: string } | { kind: 'snoozed'; until: number };

export class CompletionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'applerouter.completions',
    vscode.StatusBarAlignment.Right,
    100,
  );

  constructor() {
    this.item.name = vscode.l10n.t('AppleRouter Completions');
    this.item.command = CommandId.completionsToggle;
    this.item.show();
  }

  update(state: CompletionState, stats: CompletionStats): void {
    const t = vscode.l10n.t;
    let summary: string;
    if (state.kind === 'on') {
      this.item.text = stats.failed > 0 ? `$(sparkle) ${stats.failed}` : '$(sparkle)';
      summary = t('AppleRouter completions are on ({0}); each request spends gateway credits.', state.model);
    } else if (state.kind === 'snoozed') {
      this.item.text = '$(clock)';
      summary = t('AppleRouter completions are snoozed until {0}.', new Date(state.until).toLocaleTimeString());
    } else {
      this.item.text = '$(circle-slash)';
      summary = t('AppleRouter completions are off.');
    }
    this.item.accessibilityInformation = { label: summary, role: 'button' };
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [CommandId.completionsToggle, CommandId.completionsSnooze, CommandId.showLog] };
    md.appendText(summary + '\n\n');
    md.appendText(
      t(
        'Requests: {0} · cancelled: {1} · from cache: {2} · failed: {3}',
        stats.requests,
        stats.cancelled,
        stats.cacheHits,
        stats.failed,
      ) + '\n\n',
    );
    if (stats.lastError) {
      const e = stats.lastError;
      md.appendText(
        (e.requestId
          ? t('Last failure: {0} (request id {1})', e.message, e.requestId)
          : t('Last failure: {0}', e.message)) + '\n\n',
      );
    }
    const toggle = state.kind === 'off' ? t('Turn on') : t('Turn off');
    md.appendMarkdown(`[${toggle}](command:${CommandId.completionsToggle})`);
    if (state.kind === 'on')
      md.appendMarkdown(` · [${t('Snooze for an hour')}](command:${CommandId.completionsSnooze})`);
    md.appendMarkdown(` · [${t('Show Log')}](command:${CommandId.showLog})`);
    this.item.tooltip = md;
  }

  dispose(): void {
    this.item.dispose();
  }
}
