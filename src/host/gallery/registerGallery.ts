// Registers the gallery command under its id and under the Video Gallery's earlier id.
import * as vscode from 'vscode';
import { CommandId } from '../commands';
import { showGallery, type GallerySource } from './showGallery';

export function registerGallery(context: vscode.ExtensionContext, sources: readonly GallerySource[]): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.gallery, () => showGallery(sources)),
    vscode.commands.registerCommand(CommandId.videoGallery, () => showGallery(sources)),
  );
}
