/**
 * The readiness check run inside the tensorflow/serving container, which has bash but no curl:
 * for each model, GET /v1/models/<name> over bash's /dev/tcp and succeed only when the answer is
 * 200 and some version's state is AVAILABLE (TF Serving answers 200 while still LOADING).
 * Pure bash builtins, so it depends on nothing else in the image. Model names are validated
 * (letters, digits, _ . -) before they get here.
 */
export function readinessProbeScript(models: readonly string[], port: number, timeoutSeconds = 4): string {
  return [
    `for model in ${models.join(" ")}; do`,
    `  exec 3<>/dev/tcp/127.0.0.1/${port} || exit 1`,
    `  printf 'GET /v1/models/%s HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n' "$model" >&3`,
    "  reply=''",
    `  IFS= read -r -d '' -t ${timeoutSeconds} reply <&3`,
    "  exec 3<&-",
    `  [[ $reply == "HTTP/1."?" 200"* ]] || exit 1`,
    `  [[ $reply =~ \\"state\\"[[:space:]]*:[[:space:]]*\\"AVAILABLE\\" ]] || exit 1`,
    "done",
    "exit 0",
  ].join("\n");
}
