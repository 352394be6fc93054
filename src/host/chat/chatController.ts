// Owns the chat's state: the open conversation, the streaming answer, checkpoints, models and history.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { GatewayError, type ChatRequest, type Usage as CoreUsage } from '../../core';
import {
  createConversation,
  markStaleStreams,
  titleFromText,
  toChatMessages,
  toMarkdown,
  type Conversation,
  type StoredMessage,
} from '../../core/chat';
import { HistoryStore, NewerSchemaError } from '../../core/chat';
import { isVeoModel } from '../../core/video';
import { videoStreamOptions, type ChatAnswerVideos } from '../video';
import { isOpenableUrl } from '../../shared/chat/parseWebviewMessage';
import { assertNever, type HostToWebview, type ImageAttachment, type MessageVideoView, type MessageView, type ModelView, type Usage, type WebviewToHost } from '../../shared/chat/protocol';
import { CommandId } from '../commandIds';
import type { ContextItem } from '../../core/editor';
import { ContextChips, EditorCommandId } from '../editor';
import { describeError } from '../logger';
import type { Services } from '../services';
import { chatMessages, buildWebviewStrings } from './chatStrings';
import { chatSettings } from './chatSettings';
import { languageIdFor } from './languageIds';

/** How often the host forwards coalesced deltas to the webview. */
export const COALESCE_MS = 16;
/** How often a streaming answer is written to disk (a reload loses at most this much text). */
export const CHECKPOINT_MS = 1000;
const LAST_CONVERSATION_KEY = 'applerouter.chat.lastConversation';
/** Largest remote image the user can load into the transcript. */
const MAX_REMOTE_IMAGE_BYTES = 10 * 1024 * 1024;

/** The videos of a veo answer as the conversation keeps them: local file paths the host chose. */
interface StoredVideos {
  state: MessageVideoView['state'];
  files: string[];
}
/** A stored message; a veo answer also carries its videos (saved in the history with the rest). */
type ChatMessage = StoredMessage & { video?: StoredVideos };
/** Turns a local file the host saved into a URI the attached webview may load. */
export type VideoSrc = (file: string) => string;

interface ActiveStream {
  requestId: string;
  message: ChatMessage;
  abort: AbortController;
  pendingContent: string;
  pendingReasoning: string;
  flushTimer: ReturnType<typeof setTimeout> | undefined;
  checkpointTimer: ReturnType<typeof setInterval>;
  dirty: boolean;
  started: number;
}

export class ChatController implements vscode.Disposable {
  private conv: Conversation;
  private readOnly = false;
  private active: ActiveStream | undefined;
  private models: ModelView[] | undefined;
  private post: ((m: HostToWebview) => void) | undefined;
  private videoSrc: VideoSrc | undefined;
  /** Answers whose videos are being saved in this window (id → conversation id). */
  private readonly savingVideos = new Map<string, string>();
  private readonly log;
  private readonly disposables: vscode.Disposable[] = [];
  /** Context chips for the next message typed in the composer. */
  private readonly chips = new ContextChips();
  private restored: Promise<void>;
  /** The attached webview said `webview/ready` and has had its replay. */
  private ready = false;
  private readonly composerQueue: HostToWebview[] = [];

  constructor(
    private readonly services: Services,
    private readonly store: HistoryStore,
  ) {
    this.log = services.logger.tagged('chat');
    this.conv = this.freshConversation();
    this.restored = this.restoreLast();
    this.disposables.push(
      this.chips,
      this.chips.onDidChange(() => {
        if (this.ready) this.post?.({ type: 'context/didChange', chips: this.chips.views() });
      }),
      services.keyStore.onDidChange(() => void this.onKeyChanged()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('applerouter.baseUrl')) {
          this.models = undefined;
          if (this.post) void this.sendModels();
        }
      }),
    );
  }

  /** The view (re)attached: it receives everything on `webview/ready`. Undefined detaches it. */
  attach(post: ((m: HostToWebview) => void) | undefined, videoSrc?: VideoSrc): void {
    this.post = post;
    this.videoSrc = videoSrc;
    this.ready = false;
  }

  async handle(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'webview/ready':
        return this.replay();
      case 'chat/send':
        // The composer's context chips go before the typed message, then are cleared.
        return this.send(this.chips.takeForMessage(msg.text).text, msg.images);
      case 'context/add':
        return this.chips.pickAndAdd();
      case 'context/remove':
        this.chips.remove(msg.id);
        return;
      case 'chat/cancel':
        if (this.active?.requestId === msg.requestId) this.active.abort.abort();
        return;
      case 'chat/retry':
        return this.retry(msg.messageId);
      case 'chat/editAndResend':
        return this.editAndResend(msg.messageId, msg.text);
      case 'chat/new':
        return this.newConversation();
      case 'chat/setModel':
        this.conv.model = msg.model;
        return this.persist();
      case 'chat/setSystemPrompt':
        this.conv.systemPrompt = msg.text;
        return this.persist();
      case 'message/copy': {
        const m = this.conv.messages.find((x) => x.id === msg.messageId);
        if (m) await vscode.env.clipboard.writeText(m.text);
        return;
      }
      case 'code/copy':
        await vscode.env.clipboard.writeText(msg.code);
        return;
      case 'code/insert':
        return this.insertCode(msg.code);
      case 'code/open': {
        const doc = await vscode.workspace.openTextDocument({ content: msg.code, language: await languageIdFor(msg.language) });
        await vscode.window.showTextDocument(doc, { preview: false });
        return;
      }
      case 'code/apply':
        await vscode.commands.executeCommand(EditorCommandId.applyCodeToFile, msg.code, msg.language);
        return;
      case 'link/open':
        return this.openLink(msg.url);
      case 'image/load':
        return this.loadRemoteImage(msg.url);
      case 'models/refresh':
        this.models = undefined;
        return this.sendModels();
      case 'history/list':
        return this.sendHistory(msg.query);
      case 'history/open':
        return this.openConversation(msg.id);
      case 'history/rename':
        await this.store.rename(msg.id, msg.title).catch((e) => this.reportStoreError(e));
        if (msg.id === this.conv.id) {
          this.conv.title = msg.title;
          this.post?.({ type: 'conversation/didChangeTitle', title: msg.title });
        }
        return this.sendHistory('');
      case 'history/delete':
        return this.deleteConversation(msg.id);
      case 'history/export':
        return this.exportConversation(msg.id);
      case 'command/setApiKey':
        await vscode.commands.executeCommand(CommandId.setApiKey);
        return;
      case 'command/showLog':
        await vscode.commands.executeCommand(CommandId.showLog);
        return;
      default:
        assertNever(msg);
    }
  }

  async newConversation(): Promise<void> {
    await this.restored;
    this.stopActive();
    this.conv = this.freshConversation();
    this.readOnly = false;
    void this.services.context.globalState.update(LAST_CONVERSATION_KEY, undefined);
    this.post?.({ type: 'conversation/didLoad', conversation: this.view() });
  }

  showHistory(): void {
    this.post?.({ type: 'view/showHistory' });
  }

  /** Sends `text` as the user's message (from the editor commands); the answer streams as usual. */
  async sendPrompt(text: string, options: { newConversation: boolean }): Promise<void> {
    await this.restored;
    if (options.newConversation && this.conv.messages.length > 0) await this.newConversation();
    await this.send(text, []);
  }

  /** Puts text into the composer, or into a queue the webview gets on its next `webview/ready`. */
  insertIntoComposer(text: string): void {
    this.composerQueue.push({ type: 'composer/didInsert', text });
    this.drainComposerQueue();
  }

  /** Adds a context chip to the composer (shown at once, or on the view's next `webview/ready`). */
  addContext(item: ContextItem): void {
    this.chips.add(item);
  }

  focusComposer(): void {
    this.composerQueue.push({ type: 'composer/didRequestFocus' });
    this.drainComposerQueue();
  }

  private drainComposerQueue(): void {
    if (!this.post || !this.ready) return;
    for (const m of this.composerQueue.splice(0)) this.post(m);
  }

  dispose(): void {
    this.stopActive();
    for (const d of this.disposables) d.dispose();
  }

  // ---- replay and state ----

  private async replay(): Promise<void> {
    await this.restored;
    const hasKey = await this.hasKey();
    this.post?.({ type: 'init/didInit', strings: buildWebviewStrings(), hasKey });
    // Deltas not yet forwarded are already in the message text the replay carries: drop them from the queue.
    if (this.active) {
      this.active.pendingContent = '';
      this.active.pendingReasoning = '';
    }
    this.post?.({ type: 'conversation/didLoad', conversation: this.view() });
    for (const n of this.store.takeNotices()) this.post?.({ type: 'notice/didShow', message: vscode.l10n.t(chatMessages.corruptFile, n) });
    if (this.readOnly) this.post?.({ type: 'notice/didShow', message: vscode.l10n.t(chatMessages.newerSchema) });
    this.ready = true;
    this.post?.({ type: 'context/didChange', chips: this.chips.views() });
    this.drainComposerQueue();
    void this.sendModels();
  }

  private view(): { id: string; title: string; model: string; systemPrompt: string; messages: MessageView[] } {
    return {
      id: this.conv.id,
      title: this.conv.title,
      model: this.conv.model,
      systemPrompt: this.conv.systemPrompt,
      messages: this.conv.messages.map((m) => this.toView(m)),
    };
  }

  private freshConversation(): Conversation {
    return createConversation(randomUUID(), chatSettings.model, chatSettings.systemPrompt);
  }

  private async restoreLast(): Promise<void> {
    const id = this.services.context.globalState.get<string>(LAST_CONVERSATION_KEY);
    if (!id) return;
    try {
      await this.load(id);
    } catch (e) {
      this.log.error(`could not restore the last conversation: ${describeError(e)}`);
    }
  }

  private async load(id: string): Promise<boolean> {
    const r = await this.store.load(id);
    if (r.kind !== 'ok') return false;
    this.conv = r.conversation;
    this.readOnly = r.readOnly;
    // A window reload in the middle of a stream: the saved text stays, marked interrupted.
    if (!r.readOnly && markStaleStreams(this.conv)) {
      for (const m of this.conv.messages) {
        if (m.status === 'interrupted' && !m.error) m.error = { message: '', actions: ['retry'] };
      }
      await this.persist();
    }
    // Videos still "saving" that no save of this window is working on were cut by a reload; the gallery resumes them.
    let stale = false;
    for (const m of this.conv.messages as ChatMessage[]) {
      if (m.video?.state === 'saving' && !this.savingVideos.has(m.id)) {
        m.video.state = 'failed';
        m.error = { message: vscode.l10n.t(chatMessages.videoInterrupted), actions: ['showLog'] };
        stale = true;
      }
    }
    if (stale && !r.readOnly) await this.persist();
    return true;
  }

  private async openConversation(id: string): Promise<void> {
    await this.restored;
    if (id === this.conv.id) {
      this.post?.({ type: 'conversation/didLoad', conversation: this.view() });
      return;
    }
    this.stopActive();
    if (await this.load(id)) {
      void this.services.context.globalState.update(LAST_CONVERSATION_KEY, id);
      this.post?.({ type: 'conversation/didLoad', conversation: this.view() });
      if (this.readOnly) this.post?.({ type: 'notice/didShow', message: vscode.l10n.t(chatMessages.newerSchema) });
    }
    for (const n of this.store.takeNotices()) this.post?.({ type: 'notice/didShow', message: vscode.l10n.t(chatMessages.corruptFile, n) });
    await this.sendHistory('');
  }

  private async persist(): Promise<void> {
    if (this.readOnly || this.conv.messages.length === 0) return;
    this.conv.updatedAt = Date.now();
    try {
      await this.store.save(this.conv);
      void this.services.context.globalState.update(LAST_CONVERSATION_KEY, this.conv.id);
    } catch (e) {
      this.reportStoreError(e);
    }
  }

  private reportStoreError(e: unknown): void {
    if (e instanceof NewerSchemaError) {
      this.post?.({ type: 'notice/didShow', message: vscode.l10n.t(chatMessages.newerSchema) });
      return;
    }
    this.log.error(`history write failed: ${describeError(e)}`);
    this.post?.({ type: 'notice/didShow', message: vscode.l10n.t(chatMessages.saveFailed, describeError(e)) });
  }

  private async hasKey(): Promise<boolean> {
    try {
      return (await this.services.keyStore.get()) !== undefined;
    } catch {
      return false;
    }
  }

  private async onKeyChanged(): Promise<void> {
    const hasKey = await this.hasKey();
    this.post?.({ type: 'key/didChange', hasKey });
    if (hasKey) {
      this.models = undefined;
      void this.sendModels();
    }
  }

  // ---- models ----

  private async sendModels(): Promise<void> {
    const selected = this.conv.model;
    if (this.models) {
      this.post?.({ type: 'models/didLoad', models: this.models, selected });
      return;
    }
    if (!(await this.hasKey())) {
      this.post?.({ type: 'models/didLoad', models: [{ id: selected, video: isVeoModel(selected) }], selected });
      return;
    }
    try {
      const list = await this.services.getClient().listModels();
      this.models = list
        .map((m) => ({ id: m.id, video: isVeoModel(m.id) || (m.endpointTypes ?? []).includes('openai-video') }))
        .sort((a, b) => a.id.localeCompare(b.id));
      this.post?.({ type: 'models/didLoad', models: this.models, selected: this.conv.model });
    } catch (e) {
      const message = e instanceof GatewayError ? e.toUserMessage(this.services.t) : describeError(e);
      this.log.warn(`model list failed: ${describeError(e)}`);
      this.post?.({ type: 'models/didLoad', models: [{ id: selected, video: isVeoModel(selected) }], selected, error: vscode.l10n.t(chatMessages.modelsFailed, message) });
    }
  }

  // ---- sending and streaming ----

  private async send(text: string, images: ImageAttachment[]): Promise<void> {
    await this.restored;
    if (this.active) {
      this.post?.({ type: 'notice/didShow', message: vscode.l10n.t(chatMessages.busy) });
      return;
    }
    if (this.readOnly) {
      // A read-only (newer) conversation is continued in a new one rather than overwritten.
      this.conv = { ...this.freshConversation(), model: this.conv.model, systemPrompt: this.conv.systemPrompt };
      this.readOnly = false;
    }
    const now = Date.now();
    const user: StoredMessage = { id: randomUUID(), role: 'user', text, status: 'done', createdAt: now };
    if (images.length) user.images = images.map((i) => ({ ...i }));
    if (!this.conv.title) this.conv.title = titleFromText(text, images[0]?.name ?? vscode.l10n.t(chatMessages.newChatTitle));
    this.conv.messages.push(user);
    await this.startAnswer(this.toView(user));
  }

  private async retry(messageId: string): Promise<void> {
    if (this.active) return;
    const i = this.conv.messages.findIndex((m) => m.id === messageId);
    if (i < 0) return;
    // Retry / regenerate replaces the answer and everything after it.
    const cut = this.conv.messages[i]!.role === 'assistant' ? i : i + 1;
    this.conv.messages.splice(cut);
    this.post?.({ type: 'conversation/didLoad', conversation: this.view() });
    await this.startAnswer(undefined);
  }

  private async editAndResend(messageId: string, text: string): Promise<void> {
    if (this.active) return;
    const i = this.conv.messages.findIndex((m) => m.id === messageId && m.role === 'user');
    if (i < 0) return;
    const old = this.conv.messages[i]!;
    this.conv.messages.splice(i);
    this.post?.({ type: 'conversation/didLoad', conversation: this.view() });
    const user: StoredMessage = { id: randomUUID(), role: 'user', text, status: 'done', createdAt: Date.now() };
    if (old.images) user.images = old.images;
    this.conv.messages.push(user);
    await this.startAnswer(this.toView(user));
  }

  private async startAnswer(user: MessageView | undefined): Promise<void> {
    const requestId = randomUUID();
    const assistant: ChatMessage = { id: randomUUID(), role: 'assistant', text: '', status: 'streaming', model: this.conv.model, requestId, createdAt: Date.now() };
    const endIndex = this.conv.messages.length;
    this.conv.messages.push(assistant);
    const active: ActiveStream = {
      requestId,
      message: assistant,
      abort: new AbortController(),
      pendingContent: '',
      pendingReasoning: '',
      flushTimer: undefined,
      checkpointTimer: setInterval(() => {
        if (active.dirty) {
          active.dirty = false;
          void this.persist();
        }
      }, CHECKPOINT_MS),
      dirty: false,
      started: Date.now(),
    };
    this.active = active;
    this.post?.({ type: 'chat/didStart', requestId, ...(user ? { user } : {}), assistant: this.toView(assistant), title: this.conv.title });
    await this.persist();

    if (!(await this.hasKeyOrFail(active))) return;
    const request: ChatRequest = { model: this.conv.model, messages: toChatMessages(this.conv, endIndex), ...chatSettings.sampling };
    this.log.info(`request ${requestId}: model ${request.model}, ${request.messages.length} messages`);
    try {
      const veo = isVeoModel(request.model);
      for await (const ev of this.services.getClient().streamChat(request, active.abort.signal, veo ? videoStreamOptions() : undefined)) {
        switch (ev.type) {
          case 'content':
            assistant.text += ev.text;
            active.pendingContent += ev.text;
            break;
          case 'reasoning':
            assistant.reasoning = (assistant.reasoning ?? '') + ev.text;
            active.pendingReasoning += ev.text;
            break;
          case 'usage':
            assistant.usage = toUsage(ev.usage);
            break;
          case 'finish':
          case 'toolCalls':
            break;
          default:
            assertNever(ev);
        }
        active.dirty = true;
        if (!active.flushTimer && (active.pendingContent || active.pendingReasoning)) {
          active.flushTimer = setTimeout(() => this.flush(active), COALESCE_MS);
        }
      }
      assistant.status = 'done';
      // A veo answer's videos are downloaded at once (their links expire), kept in the gallery and previewed.
      if (veo) {
        const prompt = this.conv.messages[endIndex - 1]?.text ?? '';
        assistant.video = { state: 'saving', files: [] };
        this.savingVideos.set(assistant.id, this.conv.id);
        void this.saveVideos(assistant, this.conv.id, { model: request.model, prompt, content: assistant.text, reasoning: assistant.reasoning ?? '' });
      }
    } catch (e) {
      this.fail(active, e);
    }
    this.end(active);
  }

  private async hasKeyOrFail(active: ActiveStream): Promise<boolean> {
    try {
      if ((await this.services.keyStore.get()) !== undefined) return true;
      active.message.status = 'error';
      active.message.error = { message: vscode.l10n.t(chatMessages.noKey), actions: ['setApiKey'] };
    } catch (e) {
      this.log.error(`key read failed: ${describeError(e)}`);
      active.message.status = 'error';
      active.message.error = { message: e instanceof Error ? e.message : vscode.l10n.t(chatMessages.keyringFailed), actions: ['setApiKey', 'showLog'] };
    }
    this.end(active);
    return false;
  }

  private fail(active: ActiveStream, e: unknown): void {
    const m = active.message;
    if (active.abort.signal.aborted && (!(e instanceof GatewayError) || e.kind === 'aborted')) {
      m.status = 'stopped';
      this.log.info(`request ${active.requestId} stopped by the user`);
      return;
    }
    if (e instanceof GatewayError) {
      this.log.warn(`request ${active.requestId} failed: ${e.kind} ${describeError(e)}${e.requestId ? ` (gateway request id ${e.requestId})` : ''}`);
      const message = e.toUserMessage(this.services.t);
      const error = { message, ...(e.requestId ? { requestId: e.requestId } : {}) };
      if (e.kind === 'interrupted' || (e.kind === 'timeout' && m.text)) {
        m.status = 'interrupted';
        m.error = { ...error, actions: ['retry'] };
      } else if (e.kind === 'auth') {
        m.status = 'error';
        m.error = { ...error, actions: ['setApiKey', 'showLog'] };
      } else {
        m.status = 'error';
        m.error = { ...error, actions: ['retry', 'showLog'] };
      }
      return;
    }
    this.log.error(`request ${active.requestId} failed: ${describeError(e)}`);
    m.status = 'error';
    m.error = { message: vscode.l10n.t(chatMessages.unexpected, describeError(e)), actions: ['retry', 'showLog'] };
  }

  private flush(active: ActiveStream): void {
    if (active.flushTimer) clearTimeout(active.flushTimer);
    active.flushTimer = undefined;
    if (!active.pendingContent && !active.pendingReasoning) return;
    this.post?.({
      type: 'chat/didAppend',
      requestId: active.requestId,
      messageId: active.message.id,
      content: active.pendingContent,
      reasoning: active.pendingReasoning,
    });
    active.pendingContent = '';
    active.pendingReasoning = '';
  }

  private end(active: ActiveStream): void {
    if (this.active !== active) return;
    this.flush(active);
    clearInterval(active.checkpointTimer);
    active.message.durationMs = Date.now() - active.started;
    this.active = undefined;
    this.post?.({ type: 'chat/didFinish', requestId: active.requestId, message: this.toView(active.message) });
    void this.persist();
  }

  /** Hands the answer to the video runner (download, gallery, preview), then records the local files in the message. */
  private async saveVideos(message: ChatMessage, convId: string, answer: { model: string; prompt: string; content: string; reasoning: string }): Promise<void> {
    let result: ChatAnswerVideos | undefined;
    try {
      result = await vscode.commands.executeCommand<ChatAnswerVideos | undefined>('applerouter.video.saveChatAnswer', answer);
    } catch (e) {
      this.log.error(`saving the videos of ${message.id} failed: ${describeError(e)}`);
    }
    this.savingVideos.delete(message.id);
    const files = result?.files ?? [];
    const apply = (m: ChatMessage): void => {
      m.video = { state: files.length > 0 ? 'done' : 'failed', files };
      if (files.length === 0) {
        if (result?.state === 'cancelled') {
          m.error = { message: vscode.l10n.t(chatMessages.videoCancelled), actions: ['retry'] };
          return;
        }
        const reason = result?.error ?? (result ? vscode.l10n.t(chatMessages.videoNoLink) : vscode.l10n.t(chatMessages.unexpected, 'saveChatAnswer'));
        m.error = { message: vscode.l10n.t(chatMessages.videoFailed, reason), actions: ['retry', 'showLog'] };
      }
    };
    this.log.info(`answer ${message.id}: ${files.length} video file(s) saved`);
    if (this.conv.id === convId) {
      const m = this.conv.messages.find((x) => x.id === message.id) as ChatMessage | undefined;
      if (!m) return;
      apply(m);
      if (this.ready) this.post?.({ type: 'message/didChange', message: this.toView(m) });
      await this.persist();
      return;
    }
    // The user moved to another conversation meanwhile: the record is updated on disk.
    try {
      const r = await this.store.load(convId);
      if (r.kind !== 'ok' || r.readOnly) return;
      const m = r.conversation.messages.find((x) => x.id === message.id) as ChatMessage | undefined;
      if (!m) return;
      apply(m);
      await this.store.save(r.conversation);
    } catch (e) {
      this.reportStoreError(e);
    }
  }

  /** The message for the webview; video files become webview URIs (never paths the webview chose). */
  private toView(m: ChatMessage): MessageView {
    const v = toView(m);
    if (m.video) {
      const src = this.videoSrc;
      v.video = {
        state: m.video.state,
        files: src ? m.video.files.map((f) => ({ name: path.basename(f), src: src(f) })) : [],
      };
    }
    return v;
  }

  private stopActive(): void {
    const a = this.active;
    if (!a) return;
    a.abort.abort();
    // The stream's loop ends on its own; the conversation is saved now, with what it has.
    a.message.status = 'stopped';
    this.end(a);
  }

  // ---- actions ----

  private async insertCode(code: string): Promise<void> {
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t(chatMessages.noEditor));
      return;
    }
    await editor.edit((b) => {
      for (const sel of editor.selections) b.replace(sel, code);
    });
  }

  private async openLink(url: string): Promise<void> {
    if (!isOpenableUrl(url)) {
      this.log.info(`refused to open a link: ${url.slice(0, 200)}`);
      void vscode.window.showWarningMessage(vscode.l10n.t(chatMessages.linkRefused, url.slice(0, 200)));
      return;
    }
    const open = vscode.l10n.t(chatMessages.openLinkButton);
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t(chatMessages.openLinkConfirm), { modal: true, detail: url }, open);
    if (choice === open) await vscode.env.openExternal(vscode.Uri.parse(url, true));
  }

  /** Fetches an image the user asked to see (http(s) only, image types only, size-capped) as a data URI. */
  private async loadRemoteImage(url: string): Promise<void> {
    const fail = (why: string) => {
      this.log.warn(`remote image not loaded (${why}): ${url.slice(0, 200)}`);
      this.post?.({ type: 'notice/didShow', message: vscode.l10n.t(chatMessages.imageLoadFailed, url.slice(0, 200), why) });
    };
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return fail('invalid URL');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return fail(parsed.protocol);
    try {
      // Through applerouter.proxy when it is set, like gateway requests and video downloads.
      const res = await this.services.transport.getFetch()(parsed.href, { signal: AbortSignal.timeout(30_000), redirect: 'follow' });
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!res.ok) return fail(`HTTP ${res.status}`);
      if (!/^image\/(png|jpeg|gif|webp)$/.test(type)) return fail(vscode.l10n.t(chatMessages.imageNotImage));
      const chunks: Uint8Array[] = [];
      let size = 0;
      const reader = res.body?.getReader();
      for (;;) {
        const r = reader ? await reader.read() : { done: true as const, value: undefined };
        if (r.done) break;
        size += r.value.length;
        if (size > MAX_REMOTE_IMAGE_BYTES) {
          await reader?.cancel();
          return fail(vscode.l10n.t(chatMessages.imageTooBig, MAX_REMOTE_IMAGE_BYTES / 1048576));
        }
        chunks.push(r.value);
      }
      this.post?.({ type: 'image/didLoad', url, dataUrl: `data:${type};base64,${Buffer.concat(chunks).toString('base64')}` });
    } catch (e) {
      fail(describeError(e));
    }
  }

  private async sendHistory(query: string): Promise<void> {
    try {
      const entries = query.trim() ? await this.store.search(query) : await this.store.list();
      this.post?.({ type: 'history/didList', query, items: entries.map((e) => ({ id: e.id, title: e.title, updatedAt: e.updatedAt, messageCount: e.messageCount })) });
    } catch (e) {
      this.reportStoreError(e);
    }
  }

  private async deleteConversation(id: string): Promise<void> {
    const entry = (await this.store.list()).find((e) => e.id === id);
    const del = vscode.l10n.t(chatMessages.deleteButton);
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t(chatMessages.deleteConfirm, entry?.title ?? id), { modal: true }, del);
    if (choice !== del) return;
    if (id === this.conv.id) await this.newConversation();
    await this.store.delete(id).catch((e) => this.reportStoreError(e));
    await this.sendHistory('');
  }

  private async exportConversation(id: string): Promise<void> {
    const r = id === this.conv.id ? { kind: 'ok' as const, conversation: this.conv } : await this.store.load(id);
    if (r.kind !== 'ok') return;
    const c = r.conversation;
    const safe = (c.title || 'conversation').replace(/[\\/:*?"<>|\n\r\t]+/g, ' ').trim().slice(0, 80) || 'conversation';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t(chatMessages.exportTitle),
      defaultUri: vscode.Uri.joinPath(folder, `${safe}.md`),
      filters: { Markdown: ['md'] },
    });
    if (!target) return;
    const s = buildWebviewStrings();
    const md = toMarkdown(c, { you: s.you, assistant: s.assistant, systemPrompt: s.systemPrompt, image: vscode.l10n.t(chatMessages.exportImage) });
    await vscode.workspace.fs.writeFile(target, Buffer.from(md, 'utf8'));
    void vscode.window.showInformationMessage(vscode.l10n.t(chatMessages.exported, target.fsPath));
  }
}

function toUsage(u: CoreUsage): Usage {
  const out: Usage = {};
  if (typeof u.prompt_tokens === 'number') out.promptTokens = u.prompt_tokens;
  if (typeof u.completion_tokens === 'number') out.completionTokens = u.completion_tokens;
  if (typeof u.total_tokens === 'number') out.totalTokens = u.total_tokens;
  return out;
}

function toView(m: StoredMessage): MessageView {
  const v: MessageView = { id: m.id, role: m.role, text: m.text, status: m.status };
  if (m.images) v.images = m.images;
  if (m.reasoning) v.reasoning = m.reasoning;
  if (m.model) v.model = m.model;
  if (m.error) v.error = m.error;
  if (m.usage) v.usage = m.usage;
  if (m.durationMs !== undefined) v.durationMs = m.durationMs;
  if (m.requestId) v.requestId = m.requestId;
  return v;
}
