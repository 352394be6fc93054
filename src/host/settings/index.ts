// The settings of the host: every key, one accessor per setting, one change event.
export { SECTION, SettingKey, Settings, type SettingsChangeEvent } from './settings';
export {
  chatSettings,
  completionSettings,
  parameterSettings,
  editorSettings,
  videoSettings,
  imageSettings,
  videoStreamOptions,
  DEFAULT_CHAT_MODEL,
  MAX_CONTEXT_CHARS,
} from './featureSettings';
export { toolSettings } from './toolSettings';
export { sanitizeCustomHeaders } from './settingValues';
