// The open conversation and its rules: send and title, retry cut, edit and resend, streaming, errors, stale streams.
import type { ChatRequest } from '../gateway';
import { redactSecrets } from '../redact';
import { applyFailure, describe } from './chatSessionFailure';
import {
  createConversation,
  forkConversation,
  titleFromText,
  toChatMessages,
  type Conversation,
  type StoredImage,
} from './conversation';
import { NewerSchemaError } from './historyStore';
import {
  applyEvent,
  applySavedVideos,
  globalTimers,
  recordChoices,
  repairStale,
  requestParameters,
  updateOnDisk,
  type ActiveStream,
  type PendingChoices,
} from './chatSessionParts';
import {
  chatToolMessages as TM,
  continueLoop,
  runAnswerTools,
  shouldRetryWithoutTools,
  toolsFor,
  withSystemContext,
  withTools,
} from './chatSessionTools';
import { settleUnfinished } from '../tools';
import { answerWithImages } from './chatSessionImages';
import {
  chatSessionMessages as M,
  type ChatAnswerVideos,
  type ChatSessionDeps,
  type SessionMessage,
  type SessionTimers,
} from './chatSessionTypes';

/** How often coalesced deltas go to the listener. */
const COALESCE_MS = 16;
/** How often a streaming answer is written to disk (a crash loses at most this much text; a clean stop nothing). */
const CHECKPOINT_MS = 1000;
/** Most characters one answer may hold (text and reasoning): a hostile gateway cannot fill memory and disk. */
const MAX_ANSWER_CHARS = 4 * 1024 * 1024;

export class ChatSession {
  private conv: Conversation;
  private readOnlyConv = false;
  private active: ActiveStream | undefined;
  /** Answers whose videos are being saved in this window (id → conversation id). */
  private readonly savingVideos = new Map<string, string>();
  private readonly timers: SessionTimers;
  /** The key as last read, so that error text never carries it (redacted before it is shown or saved). */
  private key: string | undefined;
  /** Invalid parameter values already reported in this window (each is reported once). */
  private readonly reportedProblems = new Set<string>();

  constructor(private readonly deps: ChatSessionDeps) {
    this.timers = deps.timers ?? globalTimers;
    this.conv = this.fresh();
  }

  get conversation(): Conversation & { messages: SessionMessage[] } {
    return this.conv;
  }
  get readOnly(): boolean {
    return this.readOnlyConv;
  }
  get streamingRequestId(): string | undefined {
    return this.active?.requestId;
  }
  /** Settles when the current answer (if any) has finished streaming. */
  get idle(): Promise<void> {
    return this.active?.done ?? Promise.resolve();
  }

  /** Loads a saved conversation as the open one; false when it cannot be read. */
  async open(id: string): Promise<boolean> {
    this.stop();
    const r = await this.deps.store.load(id);
    if (r.kind !== 'ok') return false;
    this.conv = r.conversation;
    this.readOnlyConv = r.readOnly;
    if (!r.readOnly && repairStale(this.conv, this.savingVideos, this.deps.t)) await this.persist();
    this.deps.listener({ type: 'lastChanged', id });
    return true;
  }

  /** Sentences about files the store set aside since the last call. */
  takeNotices(): string[] {
    return this.deps.store.takeNotices().map((n) => this.deps.t(M.corruptFile, n));
  }

  /** The sentence saying the open conversation is read-only, or undefined when it is not. */
  readOnlyNotice(): string | undefined {
    return this.readOnlyConv ? this.deps.t(M.newerSchema) : undefined;
  }

  newConversation(): void {
    this.stop();
    this.conv = this.fresh();
    this.readOnlyConv = false;
    this.deps.listener({ type: 'lastChanged', id: undefined });
    this.deps.listener({ type: 'loaded' });
  }

  /** The conversation's model and the profile (gateway) it is served from; undefined profile: the default one. */
  async setModel(model: string, profile?: string): Promise<void> {
    this.conv.model = model;
    if (profile) this.conv.profile = profile;
    else delete this.conv.profile;
    await this.persist();
  }

  async setSystemPrompt(text: string): Promise<void> {
    this.conv.systemPrompt = text;
    await this.persist();
  }

  /** "Fork from here": a new conversation with the messages up to and including this one (not while streaming). */
  async fork(messageId: string): Promise<boolean> {
    const fork = this.active ? undefined : forkConversation(this.conv, messageId, this.deps.newId(), this.deps.now());
    if (!fork) return false;
    [this.conv, this.readOnlyConv] = [fork, false];
    this.deps.listener({ type: 'loaded' });
    await this.persist();
    return true;
  }

  /** Renames a saved conversation (the open one too). */
  async rename(id: string, title: string): Promise<void> {
    await this.deps.store.rename(id, title).catch((e) => this.reportStoreError(e));
    if (id === this.conv.id) {
      this.conv.title = title;
      this.deps.listener({ type: 'titleChanged', title });
    }
  }

  /** Sends the user's message; the conversation is named after its first message. */
  async send(text: string, images: readonly StoredImage[]): Promise<void> {
    if (this.active) {
      this.deps.listener({ type: 'notice', message: this.deps.t(M.busy) });
      return;
    }
    if (this.readOnlyConv) {
      // A read-only (newer) conversation is continued in a new one rather than overwritten.
      this.conv = {
        ...this.fresh(),
        model: this.conv.model,
        systemPrompt: this.conv.systemPrompt,
        ...(this.conv.profile ? { profile: this.conv.profile } : {}),
      };
      this.readOnlyConv = false;
    }
    const user: SessionMessage = {
      id: this.deps.newId(),
      role: 'user',
      text,
      status: 'done',
      createdAt: this.deps.now(),
    };
    if (images.length) user.images = images.map((i) => ({ ...i }));
    if (!this.conv.title) this.conv.title = titleFromText(text, images[0]?.name ?? this.deps.t(M.newChatTitle));
    this.conv.messages.push(user);
    await this.answer(user);
  }

  /** Retry / regenerate: replaces the answer (or the answer after a user message) and everything after it. */
  async retry(messageId: string): Promise<void> {
    if (this.active) return;
    const i = this.conv.messages.findIndex((m) => m.id === messageId);
    if (i < 0) return;
    const cut = this.conv.messages[i]!.role === 'assistant' ? i : i + 1;
    this.conv.messages.splice(cut);
    this.deps.listener({ type: 'loaded' });
    await this.answer(undefined);
  }

  /** Replaces a user message (keeping its images) and everything after it, then answers again. */
  async editAndResend(messageId: string, text: string): Promise<void> {
    if (this.active) return;
    const i = this.conv.messages.findIndex((m) => m.id === messageId && m.role === 'user');
    if (i < 0) return;
    const old = this.conv.messages[i]!;
    this.conv.messages.splice(i);
    this.deps.listener({ type: 'loaded' });
    const user: SessionMessage = {
      id: this.deps.newId(),
      role: 'user',
      text,
      status: 'done',
      createdAt: this.deps.now(),
    };
    if (old.images) user.images = old.images;
    this.conv.messages.push(user);
    await this.answer(user);
  }

  /** Stops the answer with this request id (the Stop button); what has arrived is kept. */
  cancel(requestId: string): void {
    if (this.active?.requestId === requestId) this.active.abort.abort();
  }

  /** Drops deltas not yet forwarded: a replay carries them in the message text already. */
  dropPending(): void {
    if (!this.active) return;
    this.active.pendingContent = '';
    this.active.pendingReasoning = '';
  }

  /** Stops the streaming answer at once and saves the conversation with what it has. */
  stop(): void {
    const a = this.active;
    if (!a) return;
    a.abort.abort();
    a.message.status = 'stopped';
    this.end(a);
  }

  dispose(): void {
    this.stop();
  }

  /** Writes the conversation now, with the streaming answer as far as it has come (view closed, window reload). */
  async checkpoint(): Promise<void> {
    if (!this.active) return;
    this.active.dirty = false;
    await this.persist();
  }

  /** A clean shutdown (reload, window close, deactivate): the streaming answer is written at once as it stands (still
   * `streaming`, so the next load marks it interrupted with Retry), then its request is closed. */
  async shutdown(): Promise<void> {
    const a = this.active;
    if (!a) return;
    this.timers.clearInterval(a.checkpointTimer);
    if (a.flushTimer !== undefined) this.timers.clearTimeout(a.flushTimer);
    this.active = undefined;
    await this.persist();
    a.abort.abort();
  }

  async persist(): Promise<void> {
    if (this.readOnlyConv || this.conv.messages.length === 0) return;
    this.conv.updatedAt = this.deps.now();
    try {
      await this.deps.store.save(this.conv);
      this.deps.listener({ type: 'lastChanged', id: this.conv.id });
    } catch (e) {
      this.reportStoreError(e);
    }
  }

  reportStoreError(e: unknown): void {
    if (e instanceof NewerSchemaError) {
      this.deps.listener({ type: 'notice', message: this.deps.t(M.newerSchema) });
      return;
    }
    this.deps.log.error(`history write failed: ${describe(e)}`);
    this.deps.listener({ type: 'notice', message: this.redact(this.deps.t(M.saveFailed, describe(e))) });
  }

  private fresh(): Conversation {
    const d = this.deps.defaults();
    const conv = createConversation(this.deps.newId(), d.model, d.systemPrompt, this.deps.now());
    if (d.profile) conv.profile = d.profile;
    return conv;
  }

  private async answer(user: SessionMessage | undefined): Promise<void> {
    const requestId = this.deps.newId();
    const now = this.deps.now();
    const assistant: SessionMessage = {
      id: this.deps.newId(),
      role: 'assistant',
      text: '',
      status: 'streaming',
      model: this.conv.model,
      ...(this.conv.profile ? { profile: this.conv.profile } : {}),
      requestId,
      createdAt: now,
    };
    const endIndex = this.conv.messages.length;
    this.conv.messages.push(assistant);
    let settle!: () => void;
    const active: ActiveStream = {
      requestId,
      message: assistant,
      abort: new AbortController(),
      pendingContent: '',
      pendingReasoning: '',
      flushTimer: undefined,
      checkpointTimer: undefined,
      dirty: false,
      started: now,
      size: 0,
      capped: false,
      done: new Promise<void>((resolve) => (settle = resolve)),
    };
    active.checkpointTimer = this.timers.setInterval(() => {
      if (active.dirty) {
        active.dirty = false;
        void this.persist();
      }
    }, this.deps.checkpointMs ?? CHECKPOINT_MS);
    this.active = active;
    try {
      this.deps.listener({ type: 'started', requestId, user, assistant, title: this.conv.title });
      await this.persist();
      if (!(await this.confirmedOrStop(active))) return;
      if (!(await this.hasKeyOrFail(active))) return;
      if (this.deps.images?.isImageModel(this.conv.model)) return await this.answerImage(active, endIndex);
      await this.stream(active, endIndex);
    } finally {
      settle();
    }
  }

  private async stream(active: ActiveStream, endIndex: number, offerTools = true): Promise<void> {
    const assistant = active.message;
    const tools = this.deps.tools;
    const defs = offerTools ? toolsFor(tools, this.conv.model) : undefined;
    const messages = withSystemContext(toChatMessages(this.conv, endIndex), this.deps.systemContext?.());
    const request: ChatRequest = withTools(
      { model: this.conv.model, messages, ...requestParameters(this.deps, this.conv, this.reportedProblems) },
      defs,
    );
    this.deps.log.info(`request ${active.requestId}: model ${request.model}, ${request.messages.length} messages`);
    const veo = this.deps.isVideoModel(request.model);
    const maxChars = this.deps.maxAnswerChars ?? MAX_ANSWER_CHARS;
    const choices: PendingChoices = new Map();
    try {
      for await (const ev of this.deps
        .client(this.conv.profile)
        .streamChat(request, active.abort.signal, this.deps.streamOptions(request.model))) {
        applyEvent(active, ev, maxChars, choices, defs !== undefined);
        active.dirty = true;
        if (active.flushTimer === undefined && (active.pendingContent || active.pendingReasoning)) {
          active.flushTimer = this.timers.setTimeout(() => this.flush(active), this.deps.coalesceMs ?? COALESCE_MS);
        }
      }
      if (this.active !== active) return;
      if (assistant.toolCalls?.length && defs && tools) {
        await runAnswerTools(assistant, tools, defs, active.abort.signal, this.deps.now, () =>
          this.deps.listener({ type: 'changed', message: assistant }),
        );
        if (this.active !== active) return;
        if (active.abort.signal.aborted) throw new Error('stopped');
      }
      assistant.status = 'done';
      recordChoices(assistant, choices);
      // A veo answer's videos are downloaded at once (their links expire), kept in the gallery and previewed.
      if (veo) {
        const prompt = this.conv.messages[endIndex - 1]?.text ?? '';
        assistant.video = { state: 'saving', files: [] };
        this.savingVideos.set(assistant.id, this.conv.id);
        void this.saveVideos(assistant.id, this.conv.id, {
          model: request.model,
          prompt,
          content: assistant.text,
          reasoning: assistant.reasoning ?? '',
        });
      }
    } catch (e) {
      if (this.active === active && shouldRetryWithoutTools(e, defs !== undefined, assistant)) {
        tools!.markUnsupported(this.conv.model);
        this.deps.log.warn(`request ${active.requestId}: ${this.conv.model} refused tools; retrying without them`);
        this.deps.listener({ type: 'notice', message: this.deps.t(TM.toolsRejected, this.conv.model) });
        return this.stream(active, endIndex, false);
      }
      if (this.active === active && !active.capped) this.fail(active, e);
    }
    settleUnfinished(assistant.toolCalls);
    if (active.capped && this.active === active) {
      this.deps.log.warn(`request ${active.requestId}: the answer passed ${maxChars} characters and was cut`);
      assistant.status = 'interrupted';
      assistant.error = { message: this.deps.t(M.tooLong, Math.round(maxChars / (1024 * 1024))), actions: ['showLog'] };
    }
    this.end(active);
    if (
      assistant.status === 'done' &&
      assistant.toolCalls?.length &&
      tools &&
      this.conv.messages.at(-1) === assistant
    ) {
      if (await continueLoop(this.conv.messages, tools)) await this.answer(undefined);
      else this.deps.listener({ type: 'notice', message: this.deps.t(TM.roundsStopped, tools.maxRounds()) });
    }
  }

  /** An image model's answer: the prompt goes to the image generation, the images come back as attachments. */
  private async answerImage(active: ActiveStream, endIndex: number): Promise<void> {
    this.deps.log.info(`request ${active.requestId}: image model ${this.conv.model}`);
    const user = this.conv.messages[endIndex - 1];
    await answerWithImages(active.message, {
      images: this.deps.images!,
      prompt: user?.text ?? '',
      ...(user?.images?.[0] ? { image: user.images[0] } : {}),
      profile: this.conv.profile,
      signal: active.abort.signal,
      t: this.deps.t,
      redact: (text) => this.redact(text),
      isCurrent: () => this.active === active,
    });
    this.end(active);
  }

  /** A paid generation (veo, images) waits for the user's yes; without it nothing is sent and the answer says why. */
  private async confirmedOrStop(active: ActiveStream): Promise<boolean> {
    const model = active.message.model ?? this.conv.model;
    const image = this.deps.images?.isImageModel(model) ?? false;
    if (!(image || this.deps.isVideoModel(model)) || !this.deps.confirmPaidGeneration) return true;
    if (await this.deps.confirmPaidGeneration(model)) return this.active === active;
    if (this.active !== active) return false;
    active.message.status = 'stopped';
    active.message.error = {
      message: this.deps.t(image ? M.imageNotConfirmed : M.videoNotConfirmed),
      actions: ['retry'],
    };
    this.end(active);
    return false;
  }

  /** Error text as it may be shown and saved: no key, no credentials in URLs, no Bearer values. */
  private redact(text: string): string {
    return redactSecrets(text, [this.key]);
  }

  private async hasKeyOrFail(active: ActiveStream): Promise<boolean> {
    try {
      this.key = await this.deps.readKey(this.conv.profile);
      if (this.key !== undefined) return true;
      active.message.status = 'error';
      active.message.error = { message: this.deps.t(M.noKey), actions: ['setApiKey'] };
    } catch (e) {
      this.deps.log.error(`key read failed: ${describe(e)}`);
      active.message.status = 'error';
      active.message.error = {
        message: e instanceof Error ? this.redact(e.message) : this.deps.t(M.keyringFailed),
        actions: ['setApiKey', 'showLog'],
      };
    }
    this.end(active);
    return false;
  }

  private fail(active: ActiveStream, e: unknown): void {
    applyFailure(active.message, e, {
      aborted: active.abort.signal.aborted,
      requestId: active.requestId,
      t: this.deps.t,
      log: this.deps.log,
    });
    if (active.message.error) active.message.error.message = this.redact(active.message.error.message);
  }

  private flush(active: ActiveStream): void {
    if (active.flushTimer !== undefined) this.timers.clearTimeout(active.flushTimer);
    active.flushTimer = undefined;
    if (!active.pendingContent && !active.pendingReasoning) return;
    const event = {
      type: 'appended' as const,
      requestId: active.requestId,
      messageId: active.message.id,
      content: active.pendingContent,
      reasoning: active.pendingReasoning,
    };
    active.pendingContent = '';
    active.pendingReasoning = '';
    this.deps.listener(event);
  }

  private end(active: ActiveStream): void {
    if (this.active !== active) return;
    this.flush(active);
    this.timers.clearInterval(active.checkpointTimer);
    active.message.durationMs = this.deps.now() - active.started;
    this.active = undefined;
    this.deps.listener({ type: 'finished', requestId: active.requestId, message: active.message });
    void this.persist();
  }

  /** Hands the answer over to be saved, then records the local files in the message (wherever it now is). */
  private async saveVideos(
    messageId: string,
    convId: string,
    answer: Parameters<ChatSessionDeps['saveVideos']>[0],
  ): Promise<void> {
    let result: ChatAnswerVideos | undefined;
    try {
      result = await this.deps.saveVideos(answer);
    } catch (e) {
      this.deps.log.error(`saving the videos of ${messageId} failed: ${describe(e)}`);
    }
    this.savingVideos.delete(messageId);
    const apply = (m: SessionMessage): void => applySavedVideos(m, result, this.deps.t, (text) => this.redact(text));
    this.deps.log.info(`answer ${messageId}: ${result?.files.length ?? 0} video file(s) saved`);
    if (this.conv.id === convId) {
      const m = this.conv.messages.find((x) => x.id === messageId);
      if (!m) return;
      apply(m);
      this.deps.listener({ type: 'changed', message: m });
      await this.persist();
      return;
    }
    await updateOnDisk(this.deps.store, convId, messageId, apply).catch((e) => this.reportStoreError(e));
  }
}
