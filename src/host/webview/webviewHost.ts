// One base for the extension's webviews: the HTML shell with its CSP, parse then dispatch, a ready queue, disposables.
import * as vscode from 'vscode';
import { type Logger, describeError } from '../../core';
import { buildWebviewHtml, type WebviewPage } from './webviewHtml';

export interface WebviewHostOptions<In> {
  extensionUri: vscode.Uri;
  /** Tagged logger for dropped messages and failed handlers. */
  log: Logger;
  /** Validates a message from the webview (it arrives as `any`); undefined drops it. */
  parse: (raw: unknown) => In | undefined;
  /** The message by which a (re)loaded webview says it can receive. */
  isReady: (msg: In) => boolean;
}

export abstract class WebviewHost<In extends { type: string }, Out> implements vscode.Disposable {
  private webview: vscode.Webview | undefined;
  private ready = false;
  /** Messages held until the webview has said it is ready (kept across reloads of the webview). */
  private readonly queue: Out[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private connection: vscode.Disposable[] = [];
  private disposed = false;

  protected constructor(private readonly options: WebviewHostOptions<In>) {}

  /** Handles one validated message; the ready message too (the queue is sent after it is handled). */
  protected abstract onMessage(msg: In): Promise<void> | void;

  /** Connects a (new) webview: its HTML shell, and its messages parsed then dispatched. */
  protected connect(webview: vscode.Webview, page: WebviewPage): void {
    this.disconnect();
    this.webview = webview;
    this.connection.push(webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    webview.html = buildWebviewHtml(webview, this.options.extensionUri, page);
  }

  /** The webview went away: nothing is posted until another one connects and says it is ready. */
  protected disconnect(): void {
    for (const d of this.connection.splice(0)) d.dispose();
    this.webview = undefined;
    this.ready = false;
  }

  /** The webview's content was destroyed (hidden without retained context): it reloads and says ready again. */
  protected awaitReadyAgain(): void {
    this.ready = false;
  }

  /**
   * The one ready gate: a webview is connected, has said it is ready, and that message has been handled (its replay
   * sent). Until then a message posted at once may reach a page that cannot show it yet.
   */
  protected get isReady(): boolean {
    return this.webview !== undefined && this.ready;
  }

  /** Posts at once when a webview is connected; dropped otherwise (the state is replayed on ready). */
  protected postNow(message: Out): void {
    void this.webview?.postMessage(message);
  }

  /** Posts once the webview has said it is ready; held in order until then. */
  postWhenReady(message: Out): void {
    this.queue.push(message);
    this.flush();
  }

  /** Keeps a disposable until this host is disposed (at once when it already is). */
  protected register<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.disposables.push(d);
    return d;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disconnect();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private receive(raw: unknown): void {
    const msg = this.options.parse(raw);
    if (!msg) {
      this.options.log.warn(`dropped an invalid message from a webview (${describeShape(raw)})`);
      return;
    }
    const webview = this.webview;
    Promise.resolve()
      .then(() => this.onMessage(msg))
      .then(() => {
        if (!this.options.isReady(msg) || webview !== this.webview) return;
        this.ready = true;
        this.flush();
      })
      .catch((e: unknown) => this.options.log.error(`handling ${msg.type} failed: ${describeError(e)}`));
  }

  private flush(): void {
    if (!this.webview || !this.ready) return;
    for (const m of this.queue.splice(0)) void this.webview.postMessage(m);
  }
}

/** What an invalid message looked like, without its content (it may hold the user's text). */
function describeShape(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return typeof raw;
  const type = (raw as { type?: unknown }).type;
  return `type ${typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : typeof type}`;
}
