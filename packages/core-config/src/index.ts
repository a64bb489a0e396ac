export {
  parseProjectConfig,
  loadProjectConfig,
  withDefaults,
  DEFAULT_CONFIG_PATH,
  EMPTY_PROJECT_CONFIG,
  type ProjectConfig,
  type GateDefaults,
  type McpServeDefaults,
  type RetentionDefaults,
  type LoadedProjectConfig,
  type LoadProjectConfigOptions,
} from './config.js';
