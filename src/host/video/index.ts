// The video feature's public entry: what the composition root and other host features use.
export { registerVideo, type ChatAnswerVideos } from './registerVideo';
export { VideoSettingKey, videoSettings, videoStreamOptions } from './videoSettings';
