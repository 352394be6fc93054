// The settings of the host: every key, one accessor per setting, one change event.
export { SettingKey, Settings } from './settings';
export {
  chatSettings,
  completionSettings,
  parameterSettings,
  editorSettings,
  videoSettings,
  imageSettings,
  videoStreamOptions,
} from './featureSettings';
export { toolSettings } from './toolSettings';
export { sanitizeCustomHeaders } from './settingValues';
