// Handlers for the composer's context chips: pick and add, remove.
import type { ChatHandlers, ChatHost } from '../chatHost';

export function contextHandlers(host: ChatHost): Pick<ChatHandlers, 'context/add' | 'context/remove'> {
  return {
    'context/add': () => host.chips.pickAndAdd(),
    'context/remove': (msg) => host.removeContext(msg.id),
  };
}
