// The gallery of the host: one list for every kind of generation.
export { showGallery, type GalleryEntry, type GallerySource } from './showGallery';
export { registerGallery } from './registerGallery';
