// The gateways' model lists for the chat's picker: fetched once, kept until a key, a base URL or the profiles change.
import { GatewayError, describeError } from '../../core';
import type { GatewayProfile } from '../../core/profiles';
import type { HostToWebview, ModelView } from '../../shared/chat/protocol';
import { contextKnowledge } from '../context';
import type { Services } from '../services';
import { chatMessages } from './chatStrings';

/** The open conversation's model and profile (undefined: the default profile). */
export interface ModelChoice {
  model: string;
  profile: string | undefined;
}

export class ModelList {
  private loaded: { models: ModelView[]; error?: string } | undefined;
  /** Models a gateway listed as image models (by endpoint type or name), from the last lists fetched. */
  private readonly imageIds = new Set<string>();

  isListedImageModel(model: string): boolean {
    return this.imageIds.has(model);
  }

  constructor(
    private readonly services: Services,
    private readonly hasKey: (profile: string) => Promise<boolean>,
  ) {}

  invalidate(): void {
    this.loaded = undefined;
  }

  /**
   * Posts the list with the open conversation's choice marked. With one profile it is that gateway's models; with
   * several, every profile with a key adds its models, grouped under its name. A profile without a key or whose list
   * failed adds nothing (a failure is said in `error`); the selected model is always in the list.
   */
  async send(selected: () => ModelChoice, post: (m: HostToWebview) => void): Promise<void> {
    const profiles = this.services.profiles.list();
    const several = profiles.length > 1;
    let loaded = this.loaded;
    if (!loaded) {
      const results = await Promise.all(profiles.map((p) => this.load(p, several)));
      const failures = results.filter((r) => r.error).map((r) => r.error!);
      loaded = {
        models: results.flatMap((r) => r.models),
        ...(failures.length ? { error: chatMessages.modelsFailed(failures.join(' ')) } : {}),
      };
      // Kept only when complete: without a key or after a failure the next view asks again.
      if (!failures.length && results.some((r) => r.hadKey)) this.loaded = loaded;
    }
    const sel = selected();
    const profile = several ? this.services.profiles.get(sel.profile) : undefined;
    const models = [...loaded.models];
    // Without any list (no key, or every list failed) the picker still shows the conversation's model.
    if (!models.length)
      models.push({
        id: sel.model,
        video: this.services.models.kindOf(sel.model, sel.profile) === 'video',
        image: this.services.models.kindOf(sel.model, sel.profile) === 'image',
        ...(profile ? { profile: profile.id, profileName: profile.name } : {}),
      });
    post({
      type: 'models/didLoad',
      models,
      selected: sel.model,
      ...(profile ? { selectedProfile: profile.id } : {}),
      ...(loaded.error ? { error: loaded.error } : {}),
    });
  }

  private async load(
    p: GatewayProfile,
    several: boolean,
  ): Promise<{ models: ModelView[]; error?: string; hadKey: boolean }> {
    if (!(await this.hasKey(p.id))) return { models: [], hadKey: false };
    const tag = several ? { profile: p.id, profileName: p.name } : {};
    try {
      const list = await this.services.models.list(p.id);
      contextKnowledge(this.services).remember(p.id, list);
      const models = list
        .map((m) => {
          if (m.kind === 'image') this.imageIds.add(m.id);
          return { id: m.id, video: m.kind === 'video', ...(m.kind === 'image' ? { image: true } : {}), ...tag };
        })
        .sort((a, b) => a.id.localeCompare(b.id));
      return { models, hadKey: true };
    } catch (e) {
      const message = e instanceof GatewayError ? e.toUserMessage(this.services.t) : describeError(e);
      this.services.logger.tagged('chat').warn(`model list of ${p.id} failed: ${describeError(e)}`);
      return { models: [], error: several ? `${p.name}: ${message}` : message, hadKey: true };
    }
  }
}
