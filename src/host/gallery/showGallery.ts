// `AppleRouter: Gallery`: one list of past and running generations, images and videos; open, stop, delete, new.
import * as vscode from 'vscode';
import { CommandId } from '../commands';

/** One row of the gallery, as a source describes it. */
export interface GalleryEntry {
  id: string;
  createdAt: number;
  /** With its codicon, e.g. `$(file-media) a fox in snow`. */
  label: string;
  description: string;
  detail: string;
  running: boolean;
}

/** A kind of generation the gallery lists (images, videos). */
export interface GallerySource {
  entries(): Promise<GalleryEntry[]>;
  readonly onDidChange: vscode.Event<unknown>;
  open(id: string): Promise<void>;
  /** Asks, then deletes the generation and its files. */
  delete(id: string): Promise<void>;
  stop(id: string): void;
}

interface Item extends vscode.QuickPickItem {
  entry: GalleryEntry;
  source: GallerySource;
}

export async function showGallery(sources: readonly GallerySource[]): Promise<void> {
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = vscode.l10n.t('Gallery');
  qp.placeholder = vscode.l10n.t('Past and running image and video generations; pick one to open it');
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  const deleteButton: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('trash'),
    tooltip: vscode.l10n.t('Delete'),
  };
  const stopButton: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('debug-stop'),
    tooltip: vscode.l10n.t('Stop Waiting'),
  };
  const newImage: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('file-media'),
    tooltip: vscode.l10n.t('Generate Image…'),
  };
  const newVideo: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('device-camera-video'),
    tooltip: vscode.l10n.t('Generate Video…'),
  };
  qp.buttons = [newImage, newVideo];

  let generation = 0;
  const refresh = async () => {
    const mine = ++generation;
    qp.busy = true;
    const lists = await Promise.all(
      sources.map(async (source) => (await source.entries()).map((entry) => ({ entry, source }))),
    );
    if (mine !== generation) return;
    qp.busy = false;
    const activeId = qp.activeItems[0]?.entry.id;
    const items: Item[] = lists
      .flat()
      .sort((a, b) => b.entry.createdAt - a.entry.createdAt)
      .map(({ entry, source }) => ({
        entry,
        source,
        label: entry.label,
        description: entry.description,
        detail: entry.detail,
        buttons: entry.running ? [stopButton, deleteButton] : [deleteButton],
      }));
    qp.items = items;
    if (items.length === 0) qp.placeholder = vscode.l10n.t('Nothing generated yet. Use the buttons above to start.');
    const active = items.find((i) => i.entry.id === activeId);
    if (active) qp.activeItems = [active];
  };
  void refresh();
  const subs = sources.map((s) => s.onDidChange(() => void refresh()));

  qp.onDidTriggerButton((b) => {
    qp.hide();
    void vscode.commands.executeCommand(b === newImage ? CommandId.generateImage : CommandId.generateVideo);
  });
  qp.onDidTriggerItemButton(async ({ item, button }) => {
    if (button === stopButton) return item.source.stop(item.entry.id);
    if (button === deleteButton) await item.source.delete(item.entry.id);
  });
  qp.onDidAccept(() => {
    const item = qp.selectedItems[0];
    if (!item) return;
    qp.hide();
    void item.source.open(item.entry.id);
  });
  qp.onDidHide(() => {
    for (const s of subs) s.dispose();
    qp.dispose();
  });
  qp.show();
}
