// The one lazy wrapper around `acquireVsCodeApi()`, so importing any webview module has no side effects.

/** What VS Code gives a webview: a channel to its host and a small per-view state slot. */
export interface VsCodeApi<Out, State> {
  postMessage(message: Out): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi(): VsCodeApi<unknown, unknown>;

let api: VsCodeApi<unknown, unknown> | undefined;

/** VS Code allows one acquisition per webview load: the first call acquires, later calls reuse it. */
export function vsCodeApi<Out, State>(): VsCodeApi<Out, State> {
  api ??= acquireVsCodeApi();
  return api as VsCodeApi<Out, State>;
}
