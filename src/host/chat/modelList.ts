// The gateway's model list for the chat's picker: fetched once, kept until the key or base URL changes.
import { GatewayError } from '../../core';
import { isVeoModel } from '../../core/video';
import type { HostToWebview, ModelView } from '../../shared/chat/protocol';
import { describeError } from '../logger';
import type { Services } from '../services';
import { chatMessages } from './chatStrings';

export class ModelList {
  private models: ModelView[] | undefined;

  constructor(
    private readonly services: Services,
    private readonly hasKey: () => Promise<boolean>,
  ) {}

  invalidate(): void {
    this.models = undefined;
  }

  /** Posts the list with `selected` marked; without a key (or on failure) just the selected model. */
  async send(selected: () => string, post: (m: HostToWebview) => void): Promise<void> {
    const sel = selected();
    if (this.models) {
      post({ type: 'models/didLoad', models: this.models, selected: sel });
      return;
    }
    if (!(await this.hasKey())) {
      post({ type: 'models/didLoad', models: [{ id: sel, video: isVeoModel(sel) }], selected: sel });
      return;
    }
    try {
      const list = await this.services.getClient().listModels();
      this.models = list
        .map((m) => ({ id: m.id, video: isVeoModel(m.id) || (m.endpointTypes ?? []).includes('openai-video') }))
        .sort((a, b) => a.id.localeCompare(b.id));
      post({ type: 'models/didLoad', models: this.models, selected: selected() });
    } catch (e) {
      const message = e instanceof GatewayError ? e.toUserMessage(this.services.t) : describeError(e);
      this.services.logger.tagged('chat').warn(`model list failed: ${describeError(e)}`);
      post({ type: 'models/didLoad', models: [{ id: sel, video: isVeoModel(sel) }], selected: sel, error: chatMessages.modelsFailed(message) });
    }
  }
}
