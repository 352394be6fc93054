// The gateway's chat models as VS Code language models: listing, streamed answers, tool calls, images, token counts.
import * as vscode from 'vscode';
import { GatewayError, type ChatRequest, type ModelInfo, describeError } from '../../core';
import {
  callsToPassOn,
  chatModelsOf,
  parseToolArguments,
  samplingOptions,
  toChatMessages,
  toChatTools,
  type ChatModelDescription,
} from '../../core/lm';
import type { GatewayProfile } from '../../core/profiles';
import { CommandId } from '../commands';
import { KeyStoreError } from '../profiles';
import { isCancellation, notifyError, userMessageFor } from '../errors';
import { contextKnowledge } from '../context';
import type { Services } from '../services';
import { SettingKey } from '../settings';
import { toLmMessage } from './lmParts';

/** The vendor in `contributes.languageModelChatProviders` and `vscode.lm.selectChatModels({ vendor })`. */
export const LM_VENDOR = 'applerouter';
/** How long a model list is reused before the gateway is asked again (VS Code asks often). */
const MODEL_LIST_TTL_MS = 10 * 60_000;

export interface AppleRouterModelInformation extends vscode.LanguageModelChatInformation {
  /** The gateway's model id (the information's `id` is unique per provider, this is what the request names). */
  readonly gatewayModel: string;
  /** The profile serving it (undefined: the default profile); with several profiles, `id` is `<profile>/<model>`. */
  readonly profile?: string;
}

export class AppleRouterChatProvider
  implements vscode.LanguageModelChatProvider<AppleRouterModelInformation>, vscode.Disposable
{
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private cache: { at: number; models: AppleRouterModelInformation[] } | undefined;
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  constructor(private readonly services: Services) {
    const refresh = () => {
      this.cache = undefined;
      this.changed.fire();
    };
    this.subscriptions.push(
      // Any profile's key, the profile list, a base URL or headers changed.
      services.profiles.onDidChangeKeys(refresh),
      services.settings.onDidChange((e) => {
        // VS Code's chat appears: it must learn the models now (see registerLanguageModelProvider).
        if (e.affects(SettingKey.proxy) || e.affects(SettingKey.contextWindow)) refresh();
        else if (e.affectsAiFeatures && services.settings.vscodeAiFeatures) refresh();
      }),
    );
  }

  /** Lets callers (Set API Key, tests) say that the list may have changed. */
  refresh(): void {
    this.cache = undefined;
    this.changed.fire();
  }

  async provideLanguageModelChatInformation(
    options: vscode.PrepareLanguageModelChatModelOptions,
    token: vscode.CancellationToken,
  ): Promise<AppleRouterModelInformation[]> {
    let keyed: GatewayProfile[];
    try {
      keyed = await this.profilesWithKey();
    } catch (error) {
      if (!(error instanceof KeyStoreError)) throw error;
      if (!options.silent) notifyError(this.services, error, { tag: 'lm' });
      return [];
    }
    if (!keyed.length) {
      // Silent means silent: no key, no prompt, no models.
      if (options.silent) return [];
      await vscode.commands.executeCommand(CommandId.setApiKey);
      keyed = await this.profilesWithKey().catch(() => []);
      if (!keyed.length) return [];
    }
    if (this.cache && Date.now() - this.cache.at < MODEL_LIST_TTL_MS) return this.cache.models;
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const several = this.services.profiles.list().length > 1;
      // Every profile with a key adds its chat models; one profile failing leaves the others listed.
      const lists = await Promise.all(keyed.map((p) => this.listProfile(p, several, abort.signal, options.silent)));
      if (lists.some((l) => l === undefined)) return this.cache?.models ?? lists.flatMap((l) => l ?? []);
      const models = lists.flatMap((l) => l ?? []);
      this.cache = { at: Date.now(), models };
      return models;
    } finally {
      sub.dispose();
    }
  }

  /** A profile's chat models, or undefined when listing failed (said once to the user unless silent). */
  private async listProfile(
    p: GatewayProfile,
    several: boolean,
    signal: AbortSignal,
    silent: boolean,
  ): Promise<AppleRouterModelInformation[] | undefined> {
    const log = this.services.logger.tagged('lm');
    try {
      const listed = await this.services.models.list(p.id, { signal });
      contextKnowledge(this.services).remember(p.id, listed);
      const models = chatModelsOf(listed).map((d) => this.information(d, listed, several ? p : undefined));
      log.info(`${models.length} chat models of ${listed.length} from ${p.id} offered to VS Code`);
      return models;
    } catch (error) {
      if (isCancellation(error)) return undefined;
      log.warn(`listing the models of ${p.id} failed: ${describeError(error)}`);
      if (!silent) notifyError(this.services, error, { tag: 'lm' });
      return undefined;
    }
  }

  /** The profiles whose key is set; throws KeyStoreError when the keyring fails. */
  private async profilesWithKey(): Promise<GatewayProfile[]> {
    const profiles = this.services.profiles.list();
    const keys = await Promise.all(profiles.map((p) => this.services.profiles.keyStore(p.id).get()));
    return profiles.filter((_, i) => keys[i]);
  }

  async provideLanguageModelChatResponse(
    model: AppleRouterModelInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const log = this.services.logger.tagged('lm');
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    const tools = options.tools?.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
    const mode = options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto';
    const request: ChatRequest = {
      model: model.gatewayModel ?? model.id,
      messages: toChatMessages(messages.map(toLmMessage)),
      ...samplingOptions(options.modelOptions),
      ...toChatTools(tools, mode),
    };
    log.info(
      `request to ${request.model}: ${request.messages.length} messages, ${request.tools?.length ?? 0} tools${request.tools ? ` (${mode})` : ''}`,
    );
    // Only chat models are listed, but a caller may hold an older list: a paid generation model is never sent to.
    if (await this.services.models.isPaidGeneration(request.model, model.profile)) {
      log.warn(`${request.model} is a video or image generation model; nothing was sent`);
      throw vscode.LanguageModelError.NotFound(
        vscode.l10n.t(
          "{0} is a video or image generation model, which VS Code's chat never uses; nothing was sent.",
          request.model,
        ),
      );
    }
    try {
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      for await (const event of this.services.getClient(model.profile).streamChat(request, abort.signal)) {
        if (event.type === 'content') progress.report(new vscode.LanguageModelTextPart(event.text));
        else if (event.type === 'toolCalls') {
          // The client hands calls over once the stream has assembled them, so the arguments are complete here.
          const { calls, dropped } = callsToPassOn(event.calls);
          if (dropped) log.warn(`${request.model} made ${event.calls.length} tool calls; ${dropped} not passed on`);
          for (const call of calls) {
            const args = parseToolArguments(call.arguments);
            if (!args.ok) {
              log.warn(`tool call ${call.name} has unusable arguments: ${args.error}`);
              throw new Error(
                vscode.l10n.t(
                  'The model called the tool "{0}" with arguments that are not valid JSON, so the call was not passed on.',
                  call.name,
                ),
              );
            }
            progress.report(
              new vscode.LanguageModelToolCallPart(
                call.id || `call_${Math.random().toString(36).slice(2, 12)}`,
                call.name,
                args.value,
              ),
            );
          }
        }
      }
    } catch (error) {
      if (token.isCancellationRequested || isCancellation(error) || error instanceof vscode.CancellationError) {
        log.info(`request to ${request.model} cancelled`);
        throw new vscode.CancellationError();
      }
      if (!(error instanceof GatewayError)) throw error;
      log.error(`${describeError(error)}`);
      const sentence = userMessageFor(error, this.services);
      if (error.kind === 'auth') throw vscode.LanguageModelError.NoPermissions(sentence);
      if (error.kind === 'notFound') throw vscode.LanguageModelError.NotFound(sentence);
      throw new Error(sentence);
    } finally {
      sub.dispose();
    }
  }

  /** Counted as the chat counts: the family's tokenizer where there is one, else the calibrated estimate. */
  async provideTokenCount(
    model: AppleRouterModelInformation,
    text: string | vscode.LanguageModelChatRequestMessage,
  ): Promise<number> {
    const counter = contextKnowledge(this.services).counter;
    const id = model.gatewayModel;
    if (typeof text === 'string') return Math.ceil(counter.text(text, id) * counter.ratio(id));
    return counter.count({ model: id, messages: toChatMessages([toLmMessage(text)]) });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  private information(
    d: ChatModelDescription,
    listed: readonly ModelInfo[],
    profile?: GatewayProfile,
  ): AppleRouterModelInformation {
    const owner = listed.find((m) => m.id === d.id)?.ownedBy;
    // The window the chat uses too: the user's setting, a learned window, the list, the family table.
    const maxInputTokens = contextKnowledge(this.services).windows.of(
      profile?.id ?? this.services.profiles.get(undefined).id,
      d.id,
    ).tokens;
    const caps = [
      d.imageInput ? vscode.l10n.t('images') : undefined,
      d.toolCalling ? vscode.l10n.t('tools') : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return {
      id: profile ? `${profile.id}/${d.id}` : d.id,
      gatewayModel: d.id,
      ...(profile ? { profile: profile.id } : {}),
      name: d.id,
      family: d.family,
      version: d.id,
      detail: profile?.name ?? 'AppleRouter',
      tooltip:
        vscode.l10n.t(
          '{0} through AppleRouter ({1}). Context {2} tokens, answers up to {3} tokens.',
          d.id,
          caps || vscode.l10n.t('text only'),
          maxInputTokens,
          d.maxOutputTokens,
        ) + (owner ? ` (${owner})` : ''),
      maxInputTokens,
      maxOutputTokens: d.maxOutputTokens,
      capabilities: { imageInput: d.imageInput, toolCalling: d.toolCalling },
    };
  }
}
