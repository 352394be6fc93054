// The tools feature of the host: what the composition root and the chat use.
export { registerTools, type ToolsApi } from './registerTools';
