// A stored message as the webview shows it; saved video and image files become webview URIs (never paths the webview chose).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Conversation, SessionMessage } from '../../core/chat';
import type { CompactionView, MessageView } from '../../shared/chat/protocol';

/** Most characters of a tool call's arguments and result sent to the webview. */
const MAX_SHOWN = 2000;

/** Turns a local file the host saved (a video, a generated image) into a URI the attached webview may load. */
export type VideoSrc = (file: string) => string;

/** `costUsd`: the answer's estimated cost, where its gateway publishes prices. */
export function messageView(m: SessionMessage, videoSrc: VideoSrc | undefined, costUsd?: number): MessageView {
  const v: MessageView = { id: m.id, role: m.role, text: m.text, status: m.status };
  if (costUsd !== undefined) v.costUsd = costUsd;
  if (m.images) v.images = m.images;
  if (m.reasoning) v.reasoning = m.reasoning;
  if (m.model) v.model = m.model;
  if (m.error) v.error = m.error;
  if (m.usage) v.usage = m.usage;
  if (m.durationMs !== undefined) v.durationMs = m.durationMs;
  if (m.requestId) v.requestId = m.requestId;
  if (m.choices && m.choices.length > 1) {
    v.choices = m.choices.length;
    v.chosen = m.chosen ?? 0;
  }
  if (m.toolCalls?.length) {
    // Calls past the limit (a hostile answer may make thousands) are one line, not one card each.
    const shown = m.toolCalls.filter((c) => !c.overLimit);
    if (shown.length < m.toolCalls.length) v.toolCallsNotRun = m.toolCalls.length - shown.length;
    // Results are cut for the card: the webview needs a glimpse, not the 100 000 characters the model may get.
    v.toolCalls = shown.map((c) => ({
      id: c.id,
      name: c.name,
      arguments: c.arguments.length > MAX_SHOWN ? `${c.arguments.slice(0, MAX_SHOWN)}…` : c.arguments,
      status: c.status,
      ...(c.result !== undefined
        ? { result: c.result.length > MAX_SHOWN ? `${c.result.slice(0, MAX_SHOWN)}…` : c.result }
        : {}),
      ...(c.durationMs !== undefined ? { durationMs: c.durationMs } : {}),
    }));
  }
  if (m.generated) {
    v.generated = m.generated.revisedPrompt ? { revisedPrompt: m.generated.revisedPrompt } : {};
    // Shown from the saved files (no megabytes of data: URIs through postMessage); from the kept copies if one is gone.
    const files = m.generated.files;
    if (videoSrc && m.images && files.length === m.images.length && files.every((f) => existsSync(f))) {
      v.generated.files = files.map((f, i) => ({
        name: path.basename(f),
        src: videoSrc(f),
        width: m.images![i]!.width,
        height: m.images![i]!.height,
      }));
      delete v.images;
    }
  }
  if (m.video) {
    v.video = {
      state: m.video.state,
      files: videoSrc ? m.video.files.map((f) => ({ name: path.basename(f), src: videoSrc(f) })) : [],
    };
  }
  return v;
}

/** The summary that stands for the oldest messages, as the view shows it (undefined: none). */
export function compactionView(c: Conversation['compaction']): CompactionView | undefined {
  return c && { summary: c.summary, throughId: c.throughId, messageCount: c.messageCount, model: c.model };
}
