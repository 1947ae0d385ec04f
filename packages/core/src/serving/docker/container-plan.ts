import { resolve } from "node:path";
import type Docker from "dockerode";
import { BqdeployError } from "../../errors/index.js";
import type { DeploymentSpec } from "../runtime.js";
import { renderModelsConfig } from "./models-config.js";

/** Labels that mark bqdeploy's containers and describe their deployment. */
export const LABEL = {
  app: "app",
  deployment: "bqdeploy.deployment",
  model: "bqdeploy.model",
  version: "bqdeploy.version",
  repo: "bqdeploy.repo",
  replica: "bqdeploy.replica",
  replicas: "bqdeploy.replicas",
  startedAt: "bqdeploy.started-at",
} as const;
export const APP_LABEL_VALUE = "bqdeploy";

/** Where the repository and the generated models.config appear inside the container. */
export const MODELS_MOUNT = "/models";
export const CONFIG_PATH = "/etc/bqdeploy/models.config";
const REST_PORT = "8501/tcp";

/** One container to create: its name, the Engine API body, and a models.config to upload, if any. */
export interface ContainerPlan {
  name: string;
  replica: number;
  /** Host port requested ("" lets Docker choose). */
  hostPort: string;
  create: Docker.ContainerCreateOptions;
  modelsConfig?: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function check(condition: boolean, message: string): void {
  if (!condition) throw new BqdeployError("INVALID_ARGUMENT", message);
}

/** The containers a deployment needs: one per replica, on consecutive host ports. Pure. */
export function planContainers(
  spec: DeploymentSpec,
  image: string,
  startedAt: string,
  serverArgs: readonly string[] = [],
): ContainerPlan[] {
  const id = spec.id ?? spec.model;
  const replicas = spec.replicas ?? 1;
  const port = spec.port ?? 8501;
  const models = [spec.model, ...(spec.otherModels ?? [])];
  check(NAME.test(id), `Deployment id "${id}" may only hold letters, digits, "_", "." and "-".`);
  for (const model of models)
    check(NAME.test(model), `Model name "${model}" may only hold letters, digits, "_", "." and "-".`);
  check(
    Number.isInteger(replicas) && replicas >= 1 && replicas <= 64,
    `--replicas must be an integer from 1 to 64, got ${replicas}.`,
  );
  check(
    Number.isInteger(port) && port >= 0 && port + replicas - 1 <= 65535,
    `--port must be 0 (any free port) or 1-65535, got ${port}.`,
  );
  const repo = resolve(spec.repo);
  const needsConfig =
    models.length > 1 || spec.version !== undefined || Object.keys(spec.labels ?? {}).length > 0;
  const modelsConfig = needsConfig
    ? renderModelsConfig(
        [
          {
            name: spec.model,
            ...(spec.version === undefined ? {} : { version: spec.version }),
            ...(spec.labels ? { labels: spec.labels } : {}),
          },
          ...(spec.otherModels ?? []).map((name) => ({ name })),
        ],
        MODELS_MOUNT,
      )
    : undefined;
  const cmd = [
    `--file_system_poll_wait_seconds=${spec.pollSeconds ?? 1}`,
    ...(modelsConfig ? [`--model_config_file=${CONFIG_PATH}`] : []),
    ...serverArgs,
  ];
  return Array.from({ length: replicas }, (_, replica) => {
    const hostPort = port === 0 ? "" : String(port + replica);
    return {
      name: `bqdeploy-${id}-${replica}`,
      replica,
      hostPort,
      ...(modelsConfig ? { modelsConfig } : {}),
      create: {
        Image: image,
        Cmd: cmd,
        Env: [`MODEL_NAME=${spec.model}`, `MODEL_BASE_PATH=${MODELS_MOUNT}`],
        Labels: {
          [LABEL.app]: APP_LABEL_VALUE,
          [LABEL.deployment]: id,
          [LABEL.model]: spec.model,
          [LABEL.version]: spec.version === undefined ? "latest" : String(spec.version),
          [LABEL.repo]: repo,
          [LABEL.replica]: String(replica),
          [LABEL.replicas]: String(replicas),
          [LABEL.startedAt]: startedAt,
        },
        ExposedPorts: { [REST_PORT]: {} },
        HostConfig: {
          // Docker's tiny init as PID 1 forwards SIGTERM, so `stop` is prompt (PID 1 ignores signals it has no handler for).
          Init: true,
          Mounts: [{ Type: "bind", Source: repo, Target: MODELS_MOUNT, ReadOnly: true }],
          PortBindings: { [REST_PORT]: [{ HostIp: spec.host ?? "127.0.0.1", HostPort: hostPort }] },
        },
      },
    };
  });
}

/** The host port Docker bound to the REST port, from `container.inspect()`. */
export function boundPort(info: Docker.ContainerInspectInfo): number | undefined {
  const binding = info.NetworkSettings?.Ports?.[REST_PORT]?.[0];
  return binding?.HostPort ? Number(binding.HostPort) : undefined;
}
