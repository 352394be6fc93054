// The open conversation and its rules: send and title, retry cut, edit and resend, streaming, errors, stale streams.
import type { ChatRequest, ToolDefinition } from '../gateway';
import { redactSecrets } from '../redact';
import { settleUnfinished } from '../tools';
import { readKeyOrError, recordFailure } from './answerFailure';
import { recordChoices, type PendingChoices } from './answerChoices';
import { declinedGeneration, saveAnswerVideos } from './answerVideos';
import {
  continuationOf,
  createConversation,
  cutForEdit,
  cutForRetry,
  forkConversation,
  titleFromText,
  type Conversation,
  type StoredImage,
} from './conversation';
import { RequestBuilder } from './requestBuilder';
import type { ContextUsage } from './contextFitter';
import { compactNow, retryAfterRefusal, windowFailure } from './contextRecovery';
import { repairStale, reportStoreError, saveConversation } from './sessionPersistence';
import { globalTimers, newAnswerMessage, StreamingAnswer } from './streamingAnswer';
import { chatToolMessages as TM, continueLoop, runAnswerTools, shouldRetryWithoutTools } from './toolRound';
import { answerWithImages } from './chatSessionImages';
import {
  chatSessionMessages as M,
  type ChatSessionDeps,
  type SessionMessage,
  type SessionTimers,
} from './chatSessionTypes';

export class ChatSession {
  private conv: Conversation;
  private readOnlyConv = false;
  /** The answer streaming now (at most one): the session's only record of it. */
  private active: StreamingAnswer | undefined;
  /** Answers whose videos are being saved in this window (id → conversation id). */
  private readonly savingVideos = new Map<string, string>();
  private readonly timers: SessionTimers;
  /** The key as last read, so that error text never carries it (redacted before it is shown or saved). */
  private key: string | undefined;
  private readonly requests: RequestBuilder;

  constructor(private readonly deps: ChatSessionDeps) {
    this.timers = deps.timers ?? globalTimers;
    this.requests = new RequestBuilder(deps);
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
    if (this.active) return this.deps.listener({ type: 'notice', message: this.deps.t(M.busy) });
    // A read-only (newer) conversation is continued in a new one rather than overwritten.
    if (this.readOnlyConv) [this.conv, this.readOnlyConv] = [continuationOf(this.conv, this.fresh()), false];
    const user = this.userMessage(text, images.length ? images.map((i) => ({ ...i })) : undefined);
    if (!this.conv.title) this.conv.title = titleFromText(text, images[0]?.name ?? this.deps.t(M.newChatTitle));
    this.conv.messages.push(user);
    await this.answer(user);
  }

  /** Retry / regenerate: replaces the answer (or the answer after a user message) and everything after it. */
  async retry(messageId: string): Promise<void> {
    if (this.active || !cutForRetry(this.conv.messages, messageId)) return;
    this.deps.listener({ type: 'loaded' });
    await this.answer(undefined);
  }

  /** Replaces a user message (keeping its images) and everything after it, then answers again. */
  async editAndResend(messageId: string, text: string): Promise<void> {
    const old = this.active ? undefined : cutForEdit(this.conv.messages, messageId);
    if (!old) return;
    this.deps.listener({ type: 'loaded' });
    const user = this.userMessage(text, old.images);
    this.conv.messages.push(user);
    await this.answer(user);
  }

  /** How full the next request would be against the model's window (undefined when windows are not known). */
  contextUsage(): ContextUsage | undefined {
    return this.requests.usage(this.conv);
  }

  /** "Compact now": the oldest turns are summarized whatever the size; the newest stay as they are. */
  async compactNow(): Promise<void> {
    if (this.active) return this.deps.listener({ type: 'notice', message: this.deps.t(M.busy) });
    const notice = await compactNow(this.requests, this.conv, this.deps, (text) => this.redact(text));
    if (notice) this.deps.listener({ type: 'notice', message: notice });
    else await this.persist();
  }

  /** Undoes the summary: requests carry every message again (and are compacted anew when they do not fit). */
  async undoCompaction(): Promise<void> {
    if (!this.conv.compaction || this.active) return;
    delete this.conv.compaction;
    this.deps.listener({ type: 'compacted' });
    await this.persist();
  }

  /** Stops the answer with this request id (the Stop button); what has arrived is kept. */
  cancel(requestId: string): void {
    if (this.active?.requestId === requestId) this.active.abort.abort();
  }

  /** Drops deltas not yet forwarded: a replay carries them in the message text already. */
  dropPending(): void {
    this.active?.dropPending();
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
    this.active.markWritten();
    await this.persist();
  }

  /** A clean shutdown (reload, window close, deactivate): the streaming answer is written at once as it stands (still
   * `streaming`, so the next load marks it interrupted with Retry), then its request is closed. */
  async shutdown(): Promise<void> {
    const a = this.active;
    if (!a) return;
    a.halt();
    this.active = undefined;
    await this.persist();
    a.abort.abort();
  }

  async persist(): Promise<void> {
    await saveConversation(this.deps, this.conv, this.readOnlyConv, (text) => this.redact(text));
  }

  reportStoreError(e: unknown): void {
    reportStoreError(this.deps, e, (text) => this.redact(text));
  }

  private userMessage(text: string, images: StoredImage[] | undefined): SessionMessage {
    const m: SessionMessage = { id: this.deps.newId(), role: 'user', text, status: 'done', createdAt: this.deps.now() };
    if (images) m.images = images;
    return m;
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
    const assistant = newAnswerMessage(this.deps.newId(), this.conv, requestId, now);
    const endIndex = this.conv.messages.length;
    this.conv.messages.push(assistant);
    const active = new StreamingAnswer({
      requestId,
      message: assistant,
      started: now,
      timers: this.timers,
      listener: this.deps.listener,
      checkpoint: () => void this.persist(),
      coalesceMs: this.deps.coalesceMs,
      checkpointMs: this.deps.checkpointMs,
      maxChars: this.deps.maxAnswerChars,
    });
    this.active = active;
    try {
      this.deps.listener({ type: 'started', requestId, user, assistant, title: this.conv.title });
      await this.persist();
      if (!(await this.confirmedOrStop(active))) return;
      if (!(await this.hasKeyOrFail(active))) return;
      if (this.deps.images?.isImageModel(this.conv.model)) return await this.answerImage(active, endIndex);
      await this.stream(active, endIndex);
    } finally {
      active.settle();
    }
  }

  /** `refused`: the request was refused once for the window already (it is retried once by itself, never twice). */
  private async stream(active: StreamingAnswer, endIndex: number, offerTools = true, refused = false): Promise<void> {
    const assistant = active.message;
    const tools = this.deps.tools;
    let request: ChatRequest | undefined;
    let defs: ToolDefinition[] | undefined;
    const choices: PendingChoices = new Map();
    try {
      const built = await this.requests.build(this.conv, endIndex, { offerTools, signal: active.abort.signal });
      if (this.active !== active) return;
      ({ request, tools: defs } = built);
      this.deps.log.info(
        `request ${active.requestId}: model ${request.model}, ${request.messages.length} messages` +
          (built.window ? `, ${built.tokens} of ${built.window.tokens} tokens` : ''),
      );
      for await (const ev of this.deps
        .client(this.conv.profile)
        .streamChat(request, active.abort.signal, this.deps.streamOptions(request.model))) {
        active.apply(ev, choices, defs !== undefined);
      }
      if (this.active !== active) return;
      this.requests.fitter?.recordUsage(request, assistant.usage?.promptTokens);
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
      if (this.deps.isVideoModel(request.model)) {
        const prompt = this.conv.messages[endIndex - 1]?.text ?? '';
        assistant.video = { state: 'saving', files: [] };
        this.savingVideos.set(assistant.id, this.conv.id);
        const answer = { model: request.model, prompt, content: assistant.text, reasoning: assistant.reasoning ?? '' };
        void saveAnswerVideos(this.deps, assistant.id, this.conv.id, answer, {
          open: () => this.conv,
          persist: () => this.persist(),
          redact: (text) => this.redact(text),
          reportStoreError: (e) => this.reportStoreError(e),
        }).finally(() => this.savingVideos.delete(assistant.id));
      }
    } catch (e) {
      if (this.active === active && shouldRetryWithoutTools(e, defs !== undefined, assistant)) {
        tools!.markUnsupported(this.conv.model);
        this.deps.log.warn(`request ${active.requestId}: ${this.conv.model} refused tools; retrying without them`);
        this.deps.listener({ type: 'notice', message: this.deps.t(TM.toolsRejected, this.conv.model) });
        return this.stream(active, endIndex, false, refused);
      }
      // A first refusal for passing the window, before anything arrived, is asked once more, compacted to fit.
      const again = this.active === active && !refused && !assistant.text && request !== undefined;
      if (again && (await retryAfterRefusal(this.requests.fitter, e, request!, this.conv.profile, this.deps.log)))
        if (this.active === active) return this.stream(active, endIndex, offerTools, true);
      if (this.active === active && !active.capped) this.fail(active, e, refused);
    }
    settleUnfinished(assistant.toolCalls);
    if (active.capped && this.active === active) active.recordCut(this.deps.t, this.deps.log);
    this.end(active);
    const calledTools = assistant.status === 'done' && !!assistant.toolCalls?.length;
    if (calledTools && tools && this.conv.messages.at(-1) === assistant) {
      if (await continueLoop(this.conv.messages, tools)) await this.answer(undefined);
      else this.deps.listener({ type: 'notice', message: this.deps.t(TM.roundsStopped, tools.maxRounds()) });
    }
  }

  /** An image model's answer: the prompt goes to the image generation, the images come back as attachments. */
  private async answerImage(active: StreamingAnswer, endIndex: number): Promise<void> {
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
  private async confirmedOrStop(active: StreamingAnswer): Promise<boolean> {
    const declined = await declinedGeneration(this.deps, active.message.model ?? this.conv.model);
    if (this.active !== active || !declined) return this.active === active;
    return this.endWith(active, 'stopped', declined);
  }

  /** Ends an answer that never reached the gateway, with the reason it shows. */
  private endWith(active: StreamingAnswer, status: SessionMessage['status'], error: SessionMessage['error']): false {
    [active.message.status, active.message.error] = [status, error];
    this.end(active);
    return false;
  }

  /** Error text as it may be shown and saved: no key, no credentials in URLs, no Bearer values. */
  private redact(text: string): string {
    return redactSecrets(text, [this.key]);
  }

  private async hasKeyOrFail(active: StreamingAnswer): Promise<boolean> {
    const r = await readKeyOrError(this.deps, this.conv.profile, (text) => this.redact(text));
    if (!r.error) return ((this.key = r.key), true);
    return this.endWith(active, 'error', r.error);
  }

  private fail(active: StreamingAnswer, e: unknown, refused = false): void {
    recordFailure(active.message, e, {
      aborted: active.abort.signal.aborted,
      requestId: active.requestId,
      windowError: windowFailure(this.requests.fitter, e, this.conv, refused, this.deps),
      t: this.deps.t,
      log: this.deps.log,
      redact: (text) => this.redact(text),
    });
  }

  private end(active: StreamingAnswer): void {
    if (this.active !== active) return;
    active.flush();
    this.active = undefined;
    active.finish(this.deps.now());
    void this.persist();
  }
}
