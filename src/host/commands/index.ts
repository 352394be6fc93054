// The command ids' public entry (every command the extension registers or runs).
export { CommandId } from './commandIds';
