export { SETTINGS, settingsSchema } from "./settings.js";
export type { SettingName, Settings } from "./settings.js";
export { resolveSettings } from "./resolve-settings.js";
export type { ResolvedSettings, SettingSource, SettingsInput } from "./resolve-settings.js";
