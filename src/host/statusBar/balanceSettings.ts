// The small rules around the balance figure (its settings are in src/host/settings).
import type { Balance } from '../../core';

/** True when a limited balance has less than `warnBelow` USD left. */
export function isLow(balance: Balance, warnBelow: number): boolean {
  return balance.remainingUsd !== undefined && balance.remainingUsd < warnBelow;
}

export function formatUsd(value: number): string {
  return `$${value.toFixed(2)}`;
}
