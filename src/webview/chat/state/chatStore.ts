// A tiny store: holds the state, runs the reducer on each event and tells its subscribers.
import { reduce } from './reducer';
import { initialState, type ChatEvent, type ChatState } from './chatState';

/** Listeners get the event too: the transcript draws a streamed delta instead of the whole message. */
export type ChatListener = (state: ChatState, event: ChatEvent, previous: ChatState) => void;

export class ChatStore {
  private current: ChatState;
  private readonly listeners = new Set<ChatListener>();

  constructor(initial: ChatState = initialState()) {
    this.current = initial;
  }

  get state(): ChatState {
    return this.current;
  }

  dispatch(event: ChatEvent): void {
    const previous = this.current;
    this.current = reduce(previous, event);
    // A copy: a listener may subscribe or unsubscribe others (the app mounts on `init/didInit`).
    for (const l of Array.from(this.listeners)) if (this.listeners.has(l)) l(this.current, event, previous);
  }

  subscribe(listener: ChatListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
