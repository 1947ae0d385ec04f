/** What a container's exit code means for a TF Serving user, and what to do about it. */
export function explainExitCode(exitCode: number, oomKilled = false): string {
  if (exitCode === 132) {
    return "Exit code 132 is SIGILL (illegal instruction): tensorflow/serving is built with AVX instructions, so it dies at start on a CPU without AVX, or on Apple Silicon emulating amd64. Use --runtime embedded, which runs the model without Docker.";
  }
  if (oomKilled || exitCode === 137) {
    return "Exit code 137: the container was killed (out of memory, or stopped with SIGKILL). Give Docker more memory or serve fewer models per container.";
  }
  if (exitCode === 139)
    return "Exit code 139 is SIGSEGV: the model server crashed. Check the logs above; try another image version or --runtime embedded.";
  if (exitCode === 1)
    return "The model server reported an error at start: see its logs above (a wrong flag, model path or config).";
  if (exitCode > 128)
    return `Exit code ${exitCode}: the model server was killed by signal ${exitCode - 128}.`;
  return `The model server exited with code ${exitCode}.`;
}
