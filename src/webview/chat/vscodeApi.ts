// The chat webview's typed channel to its host; acquired lazily, so importing it has no side effects.
import type { WebviewToHost } from '../../shared/chat/protocol';
import { vsCodeApi } from '../shared/vscodeApi';

/** Only cheap UI state survives in the webview; the host owns the conversation. */
interface UiState {
  draft?: string;
}

/** What the components need from VS Code: posting intents and keeping the draft across reloads. */
export interface ChatHost {
  post(message: WebviewToHost): void;
  draft(): string;
  saveDraft(text: string): void;
}

export function chatHost(): ChatHost {
  const api = () => vsCodeApi<WebviewToHost, UiState>();
  return {
    post: (message) => api().postMessage(message),
    draft: () => api().getState()?.draft ?? '',
    saveDraft: (text) => api().setState({ draft: text }),
  };
}
