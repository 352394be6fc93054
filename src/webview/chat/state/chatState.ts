// The chat webview's state: what the host last said, plus the few things the webview decides itself.
import type {
  ContextChipView,
  ContextUsageView,
  ConversationView,
  HistoryItemView,
  HostToWebview,
  ModelView,
  NoticeAction,
  WebviewStrings,
} from '../../../shared/chat/protocol';

export interface Notice {
  id: number;
  message: string;
  action?: NoticeAction;
}

export interface ChatState {
  /** Set by `init/didInit`; nothing is shown before the strings arrive. */
  strings: WebviewStrings | undefined;
  hasKey: boolean;
  conversation: ConversationView | undefined;
  /** The conversation's title as the host named it (it can change before a conversation is loaded). */
  title: string;
  models: ModelView[];
  selectedModel: string;
  /** With several gateway profiles: the profile of the selected model. */
  selectedProfile?: string;
  /** Context chips the host will send before the next message. */
  chips: ContextChipView[];
  history: HistoryItemView[];
  historyVisible: boolean;
  /** The answer now streaming, if any: the Send button is Stop while it is set. */
  streaming: { requestId: string; messageId: string } | undefined;
  notices: Notice[];
  nextNoticeId: number;
  /** How full the next request would be against the model's window (undefined: not known). */
  contextUsage?: ContextUsageView;
}

/** What the webview itself decides (the user's clicks), reduced like the host's messages. */
type UiEvent =
  | { type: 'ui/selectModel'; model: string; profile?: string }
  | { type: 'ui/showHistory'; show: boolean }
  | { type: 'ui/notice'; message: string }
  | { type: 'ui/dismissNotice'; id: number };

export type ChatEvent = HostToWebview | UiEvent;

export function initialState(): ChatState {
  return {
    strings: undefined,
    hasKey: true,
    conversation: undefined,
    title: '',
    models: [],
    selectedModel: '',
    chips: [],
    history: [],
    historyVisible: false,
    streaming: undefined,
    notices: [],
    nextNoticeId: 1,
  };
}

/** The id of the conversation's last answer: only it offers Regenerate. */
export function lastAssistantId(state: ChatState): string | undefined {
  const msgs = state.conversation?.messages ?? [];
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i]!.role === 'assistant') return msgs[i]!.id;
  return undefined;
}

/** Whether the selected model makes videos (the composer then says the message is a video prompt). */
export function isVideoModelSelected(state: ChatState): boolean {
  const same = state.models.filter((m) => m.id === state.selectedModel);
  return (same.find((m) => m.profile === state.selectedProfile) ?? same[0])?.video ?? false;
}

/** Whether the selected model makes images (the composer then says the message is an image prompt). */
export function isImageModelSelected(state: ChatState): boolean {
  const same = state.models.filter((m) => m.id === state.selectedModel);
  return (same.find((m) => m.profile === state.selectedProfile) ?? same[0])?.image ?? false;
}
