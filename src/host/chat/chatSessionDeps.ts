// What the chat session gets from the host: the gateway clients, the key, the settings, paid-generation questions,
// tools, context windows, and the defaults a new conversation starts from.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../core';
import type { ChatSessionDeps, ChatSessionEvent, Conversation, HistoryStore } from '../../core/chat';
import { DEFAULT_PROFILE_ID } from '../../core/profiles';
import { contextKnowledge } from '../context';
import type { ImageService } from '../image';
import type { Services } from '../services';
import { chatSettings, contextSettings, parameterSettings, videoStreamOptions } from '../settings';
import type { ToolsApi } from '../tools';
import type { VideoService } from '../video';

export interface ChatSessionWiring {
  services: Services;
  store: HistoryStore;
  videos: VideoService;
  tools: ToolsApi | undefined;
  images: ImageService | undefined;
  log: Logger;
  listener: (e: ChatSessionEvent) => void;
  isImageModel: (model: string) => boolean;
  /** The open conversation (undefined while the session is being made). */
  current: () => Conversation | undefined;
}

export function chatSessionDeps(w: ChatSessionWiring): ChatSessionDeps {
  const { services, videos, tools, images } = w;
  return {
    client: (profile) => services.getClient(profile),
    store: w.store,
    readKey: (profile) => services.profiles.keyStore(profile).get(),
    // A new conversation keeps the open one's gateway: its profile, and the default model unless the profile is another.
    defaults: () => newConversationDefaults(services, w.current()),
    parameterLayers: () => parameterSettings.layers,
    newId: randomUUID,
    now: Date.now,
    t: services.t,
    log: w.log,
    listener: w.listener,
    // The gateway's endpoint types (the picker's list) decide first, then the name.
    streamOptions: (model) => (services.models.kindOf(model) === 'video' ? videoStreamOptions() : undefined),
    isVideoModel: (model) => services.models.kindOf(model) === 'video',
    saveVideos: (answer) => videos.saveChatAnswer(answer),
    confirmPaidGeneration: (model) =>
      w.isImageModel(model) && images ? images.confirmPaidGeneration(model) : videos.confirmPaidGeneration(model),
    ...(images
      ? {
          images: {
            isImageModel: w.isImageModel,
            generate: (r, s) => images.generateForChat(r, s),
          },
        }
      : {}),
    tools: tools?.host,
    systemContext: () => tools?.rules.text(),
    context: { ...contextKnowledge(services), summaryModel: () => contextSettings.summaryModel },
  };
}

function newConversationDefaults(
  services: Services,
  current: Conversation | undefined,
): { model: string; profile?: string; systemPrompt: string; sampling: typeof chatSettings.sampling } {
  const base = {
    model: chatSettings.model,
    systemPrompt: chatSettings.systemPrompt,
    sampling: chatSettings.sampling,
  };
  const profile = services.profiles.activeId;
  if (profile === DEFAULT_PROFILE_ID) return base;
  return { ...base, profile, model: current?.profile === profile ? current.model : base.model };
}
