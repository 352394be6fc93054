// The image feature of the host: its registration and the typed service other features use.
export { registerImage, type ImageService } from './registerImage';
