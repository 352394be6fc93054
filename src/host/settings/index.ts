// The settings of the host: every key, one accessor per setting, one change event.
export { SettingKey, Settings } from './settings';
export {
  balanceSettings,
  chatSettings,
  completionSettings,
  parameterSettings,
  editorSettings,
  videoSettings,
  imageSettings,
  videoStreamOptions,
} from './featureSettings';
export { toolSettings } from './toolSettings';
export { secretSettings } from './secretSettings';
export { contextSettings } from './contextSettings';
export { sanitizeCustomHeaders } from './settingValues';
