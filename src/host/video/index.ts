// The video feature of the host: its registration and the typed service other features use.
export { registerVideo, type VideoService } from './registerVideo';
