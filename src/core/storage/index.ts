// The storage feature of the core: atomic JSON files, a cross-process lock, and a write throttle, shared by the stores.
export * from './atomicJsonFile';
export * from './writeThrottle';
export * from './fileLock';
export * from './sharedJsonFile';
export * from './sharedNameSets';
