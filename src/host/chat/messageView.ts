// A stored message as the webview shows it; saved video files become webview URIs (never paths the webview chose).
import * as path from 'node:path';
import type { SessionMessage } from '../../core/chat';
import type { MessageView } from '../../shared/chat/protocol';

/** Turns a local file the host saved into a URI the attached webview may load. */
export type VideoSrc = (file: string) => string;

export function messageView(m: SessionMessage, videoSrc: VideoSrc | undefined): MessageView {
  const v: MessageView = { id: m.id, role: m.role, text: m.text, status: m.status };
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
  if (m.video) {
    v.video = {
      state: m.video.state,
      files: videoSrc ? m.video.files.map((f) => ({ name: path.basename(f), src: videoSrc(f) })) : [],
    };
  }
  return v;
}
