// Typed access to the editor integration's settings.
import * as vscode from 'vscode';
import { DEFAULT_CONTEXT_CHARS, MIN_CONTEXT_CHARS } from '../../core/editor';

export const EditorSettingKey = {
  explainInNewChat: 'explainInNewChat',
  contextMaxChars: 'context.maxChars',
} as const;

/** Largest budget accepted; beyond it a request would be refused by most models anyway. */
export const MAX_CONTEXT_CHARS = 2_000_000;

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('applerouter');
}

export const editorSettings = {
  /** Explain / Ask / Fix start a new conversation (true) or continue the current one. */
  get explainInNewChat(): boolean {
    return config().get<unknown>(EditorSettingKey.explainInNewChat) !== false;
  },
  /** The size budget for code and context sent with one message, in characters. */
  get contextMaxChars(): number {
    const v = config().get<unknown>(EditorSettingKey.contextMaxChars);
    if (typeof v !== 'number' || !Number.isFinite(v)) return DEFAULT_CONTEXT_CHARS;
    return Math.min(MAX_CONTEXT_CHARS, Math.max(MIN_CONTEXT_CHARS, Math.floor(v)));
  },
};
