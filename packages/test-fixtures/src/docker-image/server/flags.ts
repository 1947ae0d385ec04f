/** How the image's server is configured: tensorflow_model_server's flags, read like its entrypoint does. */
export interface ServerFlags {
  modelName: string;
  modelBasePath: string;
  restApiPort: number;
  /** --model_config_file: when set, model name and base path are ignored (as in TF Serving). */
  modelConfigFile?: string;
  pollSeconds: number;
  /** Die by SIGILL at start, as tensorflow/serving does on a CPU without AVX. */
  fakeSigill: boolean;
}

/**
 * The real image runs `tensorflow_model_server --port=8500 --rest_api_port=8501
 * --model_name=${MODEL_NAME} --model_base_path=${MODEL_BASE_PATH}/${MODEL_NAME} "$@"`: defaults from
 * the environment first, then the container's arguments, the last occurrence of a flag winning.
 */
export function parseServerFlags(argv: readonly string[], env: NodeJS.ProcessEnv): ServerFlags {
  const modelName = env.MODEL_NAME ?? "model";
  const values = new Map<string, string>([
    ["port", "8500"],
    ["rest_api_port", "8501"],
    ["model_name", modelName],
    ["model_base_path", `${env.MODEL_BASE_PATH ?? "/models"}/${modelName}`],
    ["file_system_poll_wait_seconds", "1"],
  ]);
  for (const arg of argv) {
    const match = /^--?([a-zA-Z0-9_]+)(?:=(.*))?$/.exec(arg);
    if (!match?.[1]) throw new Error(`unknown command line argument: ${arg}`);
    values.set(match[1], match[2] ?? "true");
  }
  const number = (key: string): number => {
    const value = Number(values.get(key));
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`--${key} must be a number, got ${values.get(key)}`);
    return value;
  };
  const configFile = values.get("model_config_file");
  return {
    modelName: values.get("model_name") ?? modelName,
    modelBasePath: values.get("model_base_path") ?? "/models/model",
    restApiPort: number("rest_api_port"),
    ...(configFile ? { modelConfigFile: configFile } : {}),
    pollSeconds: number("file_system_poll_wait_seconds"),
    fakeSigill: env.BQDEPLOY_FAKE_SIGILL === "1" || values.get("bqdeploy_fake_sigill") === "true",
  };
}
