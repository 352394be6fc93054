// The image feature of the core: models and their options, file names, saving an answer's images, gallery records.
export * from './imageFiles';
export * from './imageModels';
export * from './imageRecord';
export * from './saveImages';
