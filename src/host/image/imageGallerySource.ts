// The image generations in the gallery: open the preview, delete with their files.
import * as vscode from 'vscode';
import { existsSync, promises as fsp } from 'node:fs';
import type { GalleryEntry, GallerySource } from '../gallery';
import type { Services } from '../services';
import { ImagePreviewPanel } from './imagePreviewPanel';
import type { ImageStore } from './imageStore';

export function imageGallerySource(services: Services, store: ImageStore): GallerySource {
  return {
    onDidChange: store.onDidChange,
    async entries(): Promise<GalleryEntry[]> {
      return (await store.list()).map((g) => {
        const onDisk = g.files.filter((f) => existsSync(f)).length;
        const detail = [
          g.kind === 'edit' ? vscode.l10n.t('Edited image') : vscode.l10n.t('Image'),
          g.files.length > 1 ? vscode.l10n.t('{0} images', g.files.length) : undefined,
          onDisk < g.files.length ? vscode.l10n.t('{0} no longer on disk', g.files.length - onDisk) : undefined,
          g.size,
        ];
        return {
          id: g.id,
          createdAt: g.createdAt,
          label: `$(file-media) ${g.prompt.replace(/\s+/g, ' ').slice(0, 80)}`,
          description: `${g.model} · ${new Date(g.createdAt).toLocaleString(vscode.env.language)}`,
          detail: detail.filter(Boolean).join(' — '),
          running: false,
        };
      });
    },
    async open(id) {
      const g = await store.get(id);
      if (!g) return;
      if (!g.files.some((f) => existsSync(f))) {
        void vscode.window.showWarningMessage(vscode.l10n.t('The image files are no longer on disk.'));
        return;
      }
      ImagePreviewPanel.show(services, g);
    },
    async delete(id) {
      const g = await store.get(id);
      if (!g) return;
      const del = vscode.l10n.t('Delete');
      // An edit's result sits beside the user's own file: it stays; only our own copies go.
      const ours = g.kind === 'generate' ? g.files.filter((f) => existsSync(f)) : [];
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Delete this image generation?'),
        {
          modal: true,
          detail: ours.length
            ? vscode.l10n.t('The image files are deleted from disk too.')
            : vscode.l10n.t('Only the gallery entry is removed; the files stay where they are.'),
        },
        del,
      );
      if (choice !== del) return;
      ImagePreviewPanel.close(id);
      for (const f of ours) await fsp.rm(f, { force: true }).catch(() => undefined);
      await store.remove(id);
      services.logger.tagged('image').info(`${id}: deleted`);
    },
    stop() {
      // Image generations are never listed while they run.
    },
  };
}
