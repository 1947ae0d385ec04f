export { type EngineInfo, platformWarning } from "./check-engine.js";
export { APP_LABEL_VALUE, LABEL } from "./container-plan.js";
export { DEFAULT_TF_SERVING_IMAGE, DockerRuntime, type DockerRuntimeOptions } from "./docker-runtime.js";
export { DEFAULT_DOCKER_SOCKET } from "./engine-connection.js";
export { explainExitCode } from "./exit-explanation.js";
export { renderModelsConfig, type ServedModel } from "./models-config.js";
export type { PullPolicy } from "./pull-image.js";
export { type WithContainerOptions, withContainer } from "./with-container.js";
