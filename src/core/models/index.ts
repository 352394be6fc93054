// What a model is for: one definition of chat, video, image and the other kinds, and the model list with its filters.
export * from './modelKind';
export * from './modelList';
