// The gateways' model lists for every feature: one request per profile, kept until a key, base URL, profile or proxy changes.
import * as vscode from 'vscode';
import {
  endpointTypesIn,
  isPaidGenerationModel,
  ModelListCache,
  modelKind,
  modelsFor,
  type ListedModel,
  type ModelKind,
  type ModelListFetchOptions,
  type ModelPurpose,
} from '../../core/models';
import type { ModelInfo } from '../../core';
import type { ProfileRegistry } from '../profiles';
import { SettingKey, type Settings } from '../settings';

export class ModelListService implements vscode.Disposable {
  private readonly cache = new ModelListCache();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires when the lists were dropped (a key, the profiles, a base URL, headers or the proxy changed). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly profiles: ProfileRegistry,
    settings: Settings,
  ) {
    this.subscriptions = [
      profiles.onDidChangeKeys(() => this.invalidate()),
      settings.onDidChange((e) => {
        if (e.affects(SettingKey.proxy)) this.invalidate();
      }),
    ];
  }

  /** A profile's whole list (the open conversation's profile by default); throws what the gateway answered. */
  list(profileId?: string, options?: ModelListFetchOptions): Promise<ListedModel[]> {
    const { key, fetch } = this.source(profileId);
    return this.cache.list(key, fetch, options);
  }

  /** A profile's models for one purpose: chat, completions, video or image generation. */
  async models(purpose: ModelPurpose, profileId?: string, options?: ModelListFetchOptions): Promise<ListedModel[]> {
    return modelsFor(await this.list(profileId, options), purpose);
  }

  /** The endpoint types a profile's list gives for a model; undefined when it lists none or cannot be read. */
  async endpointTypes(model: string, profileId?: string): Promise<string[] | undefined> {
    const { key, fetch } = this.source(profileId);
    // A failed list is asked for again only after a while: this runs before every completion.
    return endpointTypesIn(await this.cache.quietList(key, fetch), model);
  }

  /** A model's kind from the list already kept (never asks the gateway): for checks that cannot wait. */
  kindOf(model: string, profileId?: string): ModelKind {
    const profile = this.profiles.get(profileId ?? this.profiles.activeId);
    return modelKind(model, endpointTypesIn(this.cache.peek(this.keyOf(profile.id)), model));
  }

  /** True for a video or image generation model, by the gateway's endpoint types (asked once) and its name. */
  async isPaidGeneration(model: string, profileId?: string): Promise<boolean> {
    return isPaidGenerationModel(model, await this.endpointTypes(model, profileId));
  }

  invalidate(): void {
    this.cache.invalidate();
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  /** Where a profile's list is kept and how it is asked for (the open conversation's profile by default). */
  private source(profileId?: string): { key: string; fetch: (signal?: AbortSignal) => Promise<ModelInfo[]> } {
    const profile = this.profiles.get(profileId ?? this.profiles.activeId);
    const client = this.profiles.client(profile.id);
    return { key: this.keyOf(profile.id), fetch: (signal) => client.listModels(signal) };
  }

  /** A profile's list belongs to its base URL too: the same id pointing elsewhere is another list. */
  private keyOf(profileId: string): string {
    return `${profileId} ${this.profiles.get(profileId).baseUrl}`;
  }
}
