// The video feature of the core: jobs, results, the Videos API, models, file names and the downloader.
export * from './downloadPolicy';
export * from './downloadToFile';
export * from './videoFileName';
export * from './videoJob';
export * from './videoModels';
export * from './videoReferenceImage';
export * from './videoResult';
