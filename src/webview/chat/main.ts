// The chat webview's entry: feeds the host's messages to the store, mounts the view on init, says it is ready.
import type { HostToWebview } from '../../shared/chat/protocol';
import { mountChatApp } from './chatApp';
import { ChatStore } from './state/chatStore';
import { chatHost } from './vscodeApi';

const host = chatHost();
const store = new ChatStore();
const root = document.getElementById('app')!;
let unmount: (() => void) | undefined;

store.subscribe((state, event) => {
  if (event.type !== 'init/didInit' || !state.strings) return;
  unmount?.();
  unmount = mountChatApp(root, state.strings, store, host);
});
window.addEventListener('message', (event: MessageEvent<HostToWebview>) => store.dispatch(event.data));
host.post({ type: 'webview/ready' });
