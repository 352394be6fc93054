// Handler for the model picker's refresh.
import type { ChatHandlers, ChatHost } from '../chatHost';

export function modelHandlers(host: ChatHost): Pick<ChatHandlers, 'models/refresh'> {
  return {
    'models/refresh': () => {
      host.models.invalidate();
      return host.models.send(
        () => ({ model: host.session.conversation.model, profile: host.session.conversation.profile }),
        (m) => host.post(m),
      );
    },
  };
}
