// The storage feature of the core: one atomic JSON file helper shared by the history store and the video job store.
export * from './atomicJsonFile';
export * from './writeThrottle';
