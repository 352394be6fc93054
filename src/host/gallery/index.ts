// The gallery of the host: one list for every kind of generation.
export type { GalleryEntry, GallerySource } from './showGallery';
export { registerGallery } from './registerGallery';
