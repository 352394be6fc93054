// The status bar's settings and the small rules around the balance figure.
import * as vscode from 'vscode';
import type { Balance } from '../../core';

export interface BalanceSettings {
  /** Below this many USD left, the entry turns to the warning colour. */
  warnBelow: number;
  /** Minutes between two balance refreshes. */
  refreshMinutes: number;
}

export function readBalanceSettings(): BalanceSettings {
  const cfg = vscode.workspace.getConfiguration('applerouter.balance');
  const warn = Number(cfg.get('warnBelow'));
  const minutes = Number(cfg.get('refreshMinutes'));
  return {
    warnBelow: Number.isFinite(warn) && warn >= 0 ? warn : 5,
    refreshMinutes: Number.isFinite(minutes) ? Math.min(Math.max(minutes, 1), 1440) : 5,
  };
}

/** True when a limited balance has less than `warnBelow` USD left. */
export function isLow(balance: Balance, warnBelow: number): boolean {
  return balance.remainingUsd !== undefined && balance.remainingUsd < warnBelow;
}

export function formatUsd(value: number): string {
  return `$${value.toFixed(2)}`;
}
