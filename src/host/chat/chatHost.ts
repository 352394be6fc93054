// What the chat's message handlers may use: the session, the webview, the shared services and the model list.
import type { Logger } from '../../core';
import type { ChatSession, HistoryStore } from '../../core/chat';
import type { HostToWebview, WebviewToHost } from '../../shared/chat/protocol';
import type { ContextChips } from '../editor';
import type { Services } from '../services';
import type { ModelList } from './modelList';

export interface ChatHost {
  readonly session: ChatSession;
  readonly services: Services;
  readonly store: HistoryStore;
  readonly log: Logger;
  readonly chips: ContextChips;
  readonly models: ModelList;
  /** Posts to the attached webview (dropped when none is attached). */
  post(message: HostToWebview): void;
  /** Shows the open conversation whole. */
  postConversation(): void;
  /** Replays everything to a webview that said `webview/ready`. */
  replay(): Promise<void>;
  newConversation(): Promise<void>;
  /** Removes a context chip (the project-rules chip included). */
  removeContext(id: string): void;
  sendHistory(query: string): Promise<void>;
}

/** One handler per webview message type: a missing one is a type error. */
export type ChatHandlers = {
  [K in WebviewToHost['type']]: (msg: Extract<WebviewToHost, { type: K }>) => Promise<void> | void;
};

export function dispatch(handlers: ChatHandlers, msg: WebviewToHost): Promise<void> | void {
  return (handlers[msg.type] as (m: WebviewToHost) => Promise<void> | void)(msg);
}
