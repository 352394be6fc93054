// Ids of the commands contributed in package.json, so code never repeats the strings.
export const CommandId = {
  setApiKey: 'applerouter.setApiKey',
  clearApiKey: 'applerouter.clearApiKey',
  showLog: 'applerouter.showLog',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];
