// The error reporting's public entry: one actionable notification per failure, and the sentence it shows.
export { isCancellation, notifyError, userMessageFor } from './notifyError';
