// The gateway feature of the core: every HTTP call to the gateway, its stream parsing and its errors.
export * from './types';
export { GatewayError, coreMessages } from './errors';
export { createGatewayClient } from './client';
export { DEFAULT_ANSWER_LIMITS } from './answerLimits';
export { describeError, taggedLogger } from './log';
export { sleep } from './retry';
export { decodeBase64Image, type ImageFile, type ImageItem } from './images';
