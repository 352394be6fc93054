// The gateway feature of the core: every HTTP call to the gateway, its stream parsing and its errors.
export * from './types';
export { GatewayError, coreMessages, type GatewayErrorKind, type TimeoutPhase } from './errors';
export { createGatewayClient, DEFAULT_MAX_EVENT_SIZE } from './client';
export { MAX_VIDEO_STATUS_BODY, type CreateVideoRequest, type VideoCallResult, type VideoObject } from './videos';
export type { CompletionsRequest } from './completionsRequest';
export {
  decodeBase64Image,
  MAX_IMAGES_PER_ANSWER,
  type EditImageRequest,
  type GenerateImagesRequest,
  type ImageAnswer,
  type ImageFile,
  type ImageItem,
} from './images';
