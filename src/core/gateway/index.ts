// The gateway feature of the core: every HTTP call to the gateway, its stream parsing and its errors.
export * from './types';
export { GatewayError, coreMessages, type GatewayErrorKind, type TimeoutPhase } from './errors';
export { createGatewayClient, DEFAULT_MAX_EVENT_SIZE } from './client';
export { DEFAULT_ANSWER_LIMITS, answerLimits, type AnswerLimits } from './answerLimits';
export { MAX_VIDEO_STATUS_BODY, type CreateVideoRequest, type VideoCallResult, type VideoObject } from './videos';
export type { CompletionsRequest } from './completionsRequest';
