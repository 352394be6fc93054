// Host side of shared state: the files every window changes under a lock.
export * from './sharedState';
