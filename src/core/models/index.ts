// What a model is for: one definition of chat, video, image and the other kinds.
export * from './modelKind';
