// Typed accessors for the chat's settings (model, system prompt, sampling); unset ones are not sent.
import * as vscode from 'vscode';

export const ChatSettingKey = {
  model: 'model',
  systemPrompt: 'systemPrompt',
  temperature: 'temperature',
  maxTokens: 'maxTokens',
  topP: 'topP',
} as const;

export const DEFAULT_CHAT_MODEL = 'gpt-4o';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('applerouter');
}

function finiteOrUndefined(v: unknown, min: number, max: number): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : undefined;
}

export const chatSettings = {
  get model(): string {
    const v = config().get<unknown>(ChatSettingKey.model);
    return typeof v === 'string' && v.trim() ? v.trim() : DEFAULT_CHAT_MODEL;
  },
  get systemPrompt(): string {
    const v = config().get<unknown>(ChatSettingKey.systemPrompt);
    return typeof v === 'string' ? v : '';
  },
  /** Sampling parameters for the request; a setting left empty (null) is not sent at all. */
  get sampling(): { temperature?: number; max_tokens?: number; top_p?: number } {
    const c = config();
    const out: { temperature?: number; max_tokens?: number; top_p?: number } = {};
    const temperature = finiteOrUndefined(c.get(ChatSettingKey.temperature), 0, 2);
    const maxTokens = finiteOrUndefined(c.get(ChatSettingKey.maxTokens), 1, 10_000_000);
    const topP = finiteOrUndefined(c.get(ChatSettingKey.topP), 0, 1);
    if (temperature !== undefined) out.temperature = temperature;
    if (maxTokens !== undefined) out.max_tokens = Math.floor(maxTokens);
    if (topP !== undefined) out.top_p = topP;
    return out;
  },
};
