// Request-parameter, alternative and fork messages: Send without <parameter> (records null, retries), choose an alternative, fork.
import * as vscode from 'vscode';
import { chooseAlternative } from '../../../core/chat';
import { parameterRows } from '../../../core/params';
import { parameterSettings } from '../../settings';
import { describeError } from '../../../core';
import type { ChatHandlers, ChatHost } from '../chatHost';

export function parameterHandlers(
  host: ChatHost,
): Pick<ChatHandlers, 'chat/dropParameter' | 'chat/fork' | 'chat/chooseAlternative' | 'chat/setParameters'> {
  return {
    'chat/setParameters': async (msg) => {
      const c = host.session.conversation;
      if (Object.keys(msg.parameters).length) c.parameters = msg.parameters;
      else delete c.parameters;
      await host.session.persist();
      postParameters(host);
    },
    // The chosen alternative becomes the answer's text, so the conversation continues from it; all stay saved.
    'chat/chooseAlternative': async (msg) => {
      const { session } = host;
      const m = session.conversation.messages.find((x) => x.id === msg.messageId && x.role === 'assistant');
      if (!m || session.streamingRequestId !== undefined || !chooseAlternative(m, msg.index)) return;
      await session.persist();
      host.postConversation();
    },
    'chat/fork': async (msg) => {
      if (!(await host.session.fork(msg.messageId)))
        host.post({
          type: 'notice/didShow',
          message: vscode.l10n.t('Only a finished message can be forked; wait for the answer to end.'),
        });
    },
    'chat/dropParameter': async (msg) => {
      const { session } = host;
      const m = session.conversation.messages.find((x) => x.id === msg.messageId && x.role === 'assistant');
      const name = m?.error?.parameter;
      if (!m || !name) return;
      const model = m.model ?? session.conversation.model;
      try {
        await parameterSettings.suppress(model, name);
      } catch (e) {
        host.log.error(`could not record ${name}: null for ${model}: ${describeError(e)}`);
        host.post({
          type: 'notice/didShow',
          message: vscode.l10n.t('The setting applerouter.modelParameters could not be updated: {0}', describeError(e)),
        });
        return;
      }
      host.log.info(`${model}: ${name} is no longer sent (applerouter.modelParameters)`);
      await session.retry(m.id);
    },
  };
}

/** Posts the parameters popover's rows for the open conversation and its model (after any change that moves them). */
export function postParameters(host: Pick<ChatHost, 'session' | 'post'>): void {
  const c = host.session.conversation;
  host.post({
    type: 'parameters/didChange',
    rows: parameterRows(c.model, { ...parameterSettings.layers, conversation: c.parameters }),
  });
}
