// Handlers for the composer's context: chips (pick and add, remove) and the window (compact now, undo the summary).
import type { ChatHandlers, ChatHost } from '../chatHost';

export function contextHandlers(
  host: ChatHost,
): Pick<ChatHandlers, 'context/add' | 'context/remove' | 'context/compact' | 'context/undoCompaction'> {
  return {
    'context/add': () => host.chips.pickAndAdd(),
    'context/remove': (msg) => host.removeContext(msg.id),
    'context/compact': () => host.session.compactNow(),
    'context/undoCompaction': () => host.session.undoCompaction(),
  };
}
