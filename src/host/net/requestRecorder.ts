// Remembers the last request sent to the gateway (for "Copy Last Request as curl") and says when an answer has ended.
import * as vscode from 'vscode';
import type { FetchLike } from '../../core';
import type { RecordedRequest } from '../../core/diagnostics';

/** Background polls that would hide the request a user wants to reproduce. */
const NOT_RECORDED = /\/dashboard\/billing\//;

export class RequestRecorder implements vscode.Disposable {
  private last: RecordedRequest | undefined;
  private readonly answered = new vscode.EventEmitter<void>();
  /** Fires when the body of a chat completion has been read to its end (or the reading stopped). */
  readonly onDidFinishAnswer = this.answered.event;

  /** The last request other than a balance poll, as sent (with its real Authorization header). */
  get lastRequest(): RecordedRequest | undefined {
    return this.last;
  }

  /** `fetch` that records each request before sending it. */
  wrap(fetchFn: FetchLike): FetchLike {
    return async (input, init) => {
      if (!NOT_RECORDED.test(input)) {
        this.last = {
          method: init.method ?? 'GET',
          url: input,
          headers: { ...((init.headers as Record<string, string> | undefined) ?? {}) },
          body: typeof init.body === 'string' ? init.body : undefined,
        };
      }
      const response = await fetchFn(input, init);
      if (
        init.method !== 'POST' ||
        !/\/chat\/completions$/.test(new URL(input).pathname) ||
        !response.ok ||
        !response.body
      )
        return response;
      return this.watchEnd(response);
    };
  }

  dispose(): void {
    this.answered.dispose();
  }

  /** The same response, whose body tells us when it ends, fails or is cancelled; bytes pass through untouched. */
  private watchEnd(response: Response): Response {
    let fired = false;
    const fire = () => {
      if (fired) return;
      fired = true;
      this.answered.fire();
    };
    const reader = response.body!.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { value, done } = await reader.read();
          if (done) {
            controller.close();
            fire();
          } else controller.enqueue(value);
        } catch (error) {
          fire();
          controller.error(error);
        }
      },
      cancel(reason) {
        fire();
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }
}
