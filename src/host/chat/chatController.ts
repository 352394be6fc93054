// Thin glue between the chat webview and the core's ChatSession: replay, session events to messages, handler map.
import * as vscode from 'vscode';
import { type Logger, describeError } from '../../core';
import { ChatSession, type ChatSessionEvent, type HistoryStore, type SessionMessage } from '../../core/chat';
import type { ContextItem } from '../../core/editor';
import type { ConversationView, HostToWebview, WebviewToHost } from '../../shared/chat/protocol';
import { ContextChips } from '../editor';
import type { ToolsApi } from '../tools';
import type { Services } from '../services';
import type { VideoService } from '../video';
import type { ImageService } from '../image';
import { imageHandlers as generatedImageHandlers } from './handlers/generatedImageHandlers';
import { dispatch, type ChatHandlers, type ChatHost } from './chatHost';
import { chatSettings, SettingKey } from '../settings';
import { chatSessionDeps } from './chatSessionDeps';
import { buildWebviewStrings } from './chatStrings';
import { codeActionHandlers } from './handlers/codeActionHandlers';
import { commandHandlers } from './handlers/commandHandlers';
import { contextHandlers } from './handlers/contextHandlers';
import { conversationHandlers } from './handlers/conversationHandlers';
import { historyHandlers } from './handlers/historyHandlers';
import { imageHandlers } from './handlers/imageHandlers';
import { linkHandlers } from './handlers/linkHandlers';
import { parameterHandlers, postParameters } from './handlers/parameterHandlers';
import { compactionView, messageView, type VideoSrc } from './messageView';
import { ModelList } from './modelList';
import { ChatPricing } from './chatPricing';
import { HistoryList } from './historyList';

const LAST_CONVERSATION_KEY = 'applerouter.chat.lastConversation';

export class ChatController implements ChatHost, vscode.Disposable {
  readonly session: ChatSession;
  readonly log: Logger;
  /** Context chips for the next message typed in the composer. */
  readonly chips = new ContextChips();
  readonly models: ModelList;
  private readonly pricing: ChatPricing;
  private postFn: ((m: HostToWebview) => void) | undefined;
  private videoSrc: VideoSrc | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly restored: Promise<void>;
  /** The view's ready gate (WebviewHost's): the attached webview said `webview/ready` and has had its replay. */
  private isReady: () => boolean = () => false;
  private readonly handlers: ChatHandlers;
  /** The conversation whose workspace-settings notice the attached view has shown. */
  private noticedConversation: string | undefined;
  private readonly historyList: HistoryList;

  constructor(
    readonly services: Services,
    readonly store: HistoryStore,
    videos: VideoService,
    private readonly tools?: ToolsApi,
    readonly images?: ImageService,
  ) {
    this.log = services.logger.tagged('chat');
    this.models = new ModelList(services, (profile) => this.hasKey(profile));
    this.pricing = new ChatPricing(services, () => {
      if (this.isReady() && !this.session.streamingRequestId) this.postConversation();
    });
    this.session = new ChatSession(
      chatSessionDeps({
        services,
        store,
        videos,
        tools,
        images,
        log: this.log,
        listener: (e) => this.onSessionEvent(e),
        isImageModel: (model) => this.isImageModel(model),
        current: () => this.session?.conversation,
      }),
    );
    this.historyList = new HistoryList(
      store,
      (m) => this.post(m),
      (e) => this.session.reportStoreError(e),
    );
    this.handlers = {
      ...conversationHandlers(this),
      ...historyHandlers(this),
      ...codeActionHandlers(this),
      ...linkHandlers(this),
      ...imageHandlers(this),
      ...generatedImageHandlers(this),
      ...parameterHandlers(this),
      ...contextHandlers(this),
      ...commandHandlers(),
    };
    this.restored = this.restoreLast();
    this.disposables.push(
      this.chips,
      this.chips.onDidChange(() => this.postChips()),
      ...(tools
        ? [
            tools.rules.onDidChange(() => this.postChips()),
            tools.onDidNotice((n) => this.isReady() && this.post({ type: 'notice/didShow', ...n })),
          ]
        : []),
      // A key, a base URL, headers or the profile list changed: the model lists are fetched again.
      services.profiles.onDidChangeKeys(() => void this.onKeyChanged()),
      services.settings.onDidChange((e) => {
        if (
          [SettingKey.modelParameters, SettingKey.temperature, SettingKey.topP, SettingKey.maxTokens].some((k) =>
            e.affects(k),
          )
        )
          postParameters(this);
      }),
    );
  }

  /** The view (re)attached: it receives everything on `webview/ready`. Undefined detaches it. */
  attach(view: { post: (m: HostToWebview) => void; videoSrc: VideoSrc; isReady: () => boolean } | undefined): void {
    this.postFn = view?.post;
    this.videoSrc = view?.videoSrc;
    this.isReady = view?.isReady ?? (() => false);
    this.noticedConversation = undefined;
    this.historyList.forget();
  }

  async handle(msg: WebviewToHost): Promise<void> {
    await this.restored;
    await dispatch(this.handlers, msg);
    if (msg.type === 'chat/setModel') {
      postParameters(this);
      this.syncProfile();
      this.postContextUsage();
    }
  }

  /** An image model by its name, or by the endpoint types its gateway listed for it. */
  isImageModel(model: string): boolean {
    return this.services.models.kindOf(model) === 'image' || this.models.isListedImageModel(model);
  }

  /** The open conversation's profile is the one Explain Selection, video generation and the status bar use. */
  private syncProfile(): void {
    const before = this.services.profiles.activeId;
    this.services.profiles.setActive(this.session.conversation.profile);
    if (this.services.profiles.activeId !== before && this.isReady())
      void this.hasKey().then((hasKey) => this.post({ type: 'key/didChange', hasKey }));
  }

  post(message: HostToWebview): void {
    this.postFn?.(message);
  }

  postConversation(): void {
    this.syncProfile();
    // The gateways that gave its answers are asked for their prices (at most hourly), for the cost estimates.
    const answered = (this.session.conversation.messages as SessionMessage[]).filter(
      (m) => m.role === 'assistant' && (m.usage || m.generated),
    );
    for (const p of new Set(answered.map((m) => this.services.profiles.get(m.profile).id))) this.pricing.refresh(p);
    this.post({ type: 'conversation/didLoad', conversation: this.view() });
    postParameters(this);
    this.postContextUsage();
  }

  /** The context meter: how full the next request would be against the model's window. */
  postContextUsage(): void {
    const u = this.session.contextUsage();
    this.post({
      type: 'context/didMeasure',
      ...(u && {
        usage: { used: u.used, window: u.window.tokens, ...u.split, exact: u.exact },
      }),
    });
  }

  async newConversation(): Promise<void> {
    await this.restored;
    this.session.newConversation();
    this.tools?.rules.restore();
  }

  /** Removes a composer chip; the project-rules chip is removed for this conversation. */
  removeContext(id: string): void {
    if (!this.tools?.rules.remove(id)) this.chips.remove(id);
  }

  /** The composer's chips: the project rules (while they apply) first, then what the user added. */
  private postChips(replaying = false): void {
    if (!replaying && !this.isReady()) return;
    const rules = this.tools?.rules.chip();
    this.post({ type: 'context/didChange', chips: [...(rules ? [rules] : []), ...this.chips.views()] });
  }

  /** Sends `text` as the user's message (from the editor commands); the answer streams as usual. */
  async sendPrompt(text: string, options: { newConversation: boolean }): Promise<void> {
    await this.restored;
    if (options.newConversation && this.session.conversation.messages.length > 0) this.session.newConversation();
    await this.session.send(text, []);
  }

  /** Adds a context chip to the composer (shown at once, or on the view's next `webview/ready`). */
  addContext(item: ContextItem): void {
    this.chips.add(item);
  }

  async replay(): Promise<void> {
    await this.restored;
    this.syncProfile();
    const hasKey = await this.hasKey();
    this.post({ type: 'init/didInit', strings: buildWebviewStrings(), hasKey });
    if (hasKey) this.pricing.refresh(this.services.profiles.activeId);
    this.session.dropPending();
    this.postConversation();
    for (const message of this.session.takeNotices()) this.post({ type: 'notice/didShow', message });
    const readOnly = this.session.readOnlyNotice();
    if (readOnly) this.post({ type: 'notice/didShow', message: readOnly });
    // The gate opens once this replay is done; what follows belongs to it.
    for (const n of this.tools?.notices() ?? []) this.post({ type: 'notice/didShow', ...n });
    this.noticeWorkspaceDefaults(true);
    this.postChips(true);
    void this.sendModels();
  }

  /** The attached view's history list is listed again (another window changed the history). */
  async refreshHistory(): Promise<void> {
    if (this.isReady()) await this.historyList.refresh();
  }

  sendHistory(query: string): Promise<void> {
    return this.historyList.send(query);
  }

  /** A clean shutdown: the streaming answer is on disk before the extension host goes. */
  shutdown(): Promise<void> {
    return this.session.shutdown();
  }

  dispose(): void {
    this.session.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private onSessionEvent(e: ChatSessionEvent): void {
    const view = (m: Parameters<typeof messageView>[0]) => this.messageView(m);
    switch (e.type) {
      case 'loaded':
        this.postConversation();
        this.noticeWorkspaceDefaults();
        return;
      case 'started':
        this.noticeWorkspaceDefaults();
        return this.post({
          type: 'chat/didStart',
          requestId: e.requestId,
          ...(e.user ? { user: view(e.user) } : {}),
          assistant: view(e.assistant),
          title: e.title,
        });
      case 'appended':
        return this.post({
          type: 'chat/didAppend',
          requestId: e.requestId,
          messageId: e.messageId,
          content: e.content,
          reasoning: e.reasoning,
        });
      case 'finished':
        // Prices are asked for after answers (at most hourly), so a first answer gets its estimate once they arrive.
        this.pricing.refresh(this.services.profiles.get(this.session.conversation.profile).id);
        this.post({ type: 'chat/didFinish', requestId: e.requestId, message: view(e.message) });
        return this.postContextUsage();
      case 'compacted': {
        const compaction = compactionView(this.session.conversation.compaction);
        this.post({ type: 'conversation/didCompact', ...(compaction && { compaction }) });
        return this.postContextUsage();
      }
      case 'changed':
        if (this.isReady()) this.post({ type: 'message/didChange', message: view(e.message) });
        return;
      case 'titleChanged':
        return this.post({ type: 'conversation/didChangeTitle', title: e.title });
      case 'notice':
        return this.post({ type: 'notice/didShow', message: e.message });
      case 'lastChanged':
        void this.services.context.globalState.update(LAST_CONVERSATION_KEY, e.id);
        return;
    }
  }

  /**
   * A conversation whose model or system prompt comes from this workspace's settings says so, once per conversation
   * in the attached view (on its replay, when it is new, and when its first answer starts).
   */
  private noticeWorkspaceDefaults(replaying = false): void {
    const c = this.session.conversation;
    if ((!replaying && !this.isReady()) || this.noticedConversation === c.id) return;
    const from = chatSettings.fromWorkspace;
    const model = from.model && c.model === chatSettings.model;
    const prompt = from.systemPrompt && c.systemPrompt !== '' && c.systemPrompt === chatSettings.systemPrompt;
    if (model)
      this.post({
        type: 'notice/didShow',
        message: vscode.l10n.t("This workspace's settings choose the model {0} (applerouter.model).", c.model),
      });
    if (prompt)
      this.post({
        type: 'notice/didShow',
        message: vscode.l10n.t(
          "This workspace's settings set the system prompt (applerouter.systemPrompt); it is shown under System prompt.",
        ),
      });
    if (model || prompt) this.noticedConversation = c.id;
  }

  private view(): ConversationView {
    const c = this.session.conversation;
    const view: ConversationView = {
      id: c.id,
      title: c.title,
      model: c.model,
      systemPrompt: c.systemPrompt,
      messages: c.messages.map((m) => this.messageView(m)),
    };
    if (c.forkedFrom) view.forkedFrom = { id: c.forkedFrom.id, title: c.forkedFrom.title };
    const compaction = compactionView(c.compaction);
    if (compaction) view.compaction = compaction;
    if (this.services.profiles.list().length > 1) view.profile = this.services.profiles.get(c.profile).id;
    return view;
  }

  /** A message as the view shows it, with its estimated cost where the conversation's gateway publishes prices. */
  private messageView(m: Parameters<typeof messageView>[0]): ReturnType<typeof messageView> {
    // Each answer is priced by the gateway that gave it (a conversation may have changed profile since).
    const profile = this.services.profiles.get(m.profile).id;
    const cost = m.generated
      ? this.pricing.costOfImages(profile, m.model, m.images?.length ?? 0)
      : m.role === 'assistant'
        ? this.pricing.costOf(profile, m.model, m.usage)
        : undefined;
    const view = messageView(m, this.videoSrc, cost);
    // An image prompt's answer says so while it is made (the webview shows "Generating the image…").
    if (m.role === 'assistant' && m.status === 'streaming' && m.model && this.isImageModel(m.model))
      view.generated = {};
    return view;
  }

  private async restoreLast(): Promise<void> {
    const id = this.services.context.globalState.get<string>(LAST_CONVERSATION_KEY);
    if (!id) return;
    try {
      await this.session.open(id);
      this.syncProfile();
    } catch (e) {
      this.log.error(`could not restore the last conversation: ${describeError(e)}`);
    }
  }

  private async sendModels(): Promise<void> {
    await this.models.send(
      () => ({ model: this.session.conversation.model, profile: this.session.conversation.profile }),
      (m) => this.post(m),
    );
    // The list may state the windows the meter measures against.
    this.postContextUsage();
  }

  private async hasKey(profile = this.session.conversation.profile): Promise<boolean> {
    try {
      return (await this.services.profiles.keyStore(profile).get()) !== undefined;
    } catch {
      return false;
    }
  }

  private async onKeyChanged(): Promise<void> {
    this.models.invalidate();
    this.pricing.clear();
    const hasKey = await this.hasKey();
    this.post({ type: 'key/didChange', hasKey });
    if (this.postFn) void this.sendModels();
  }
}
