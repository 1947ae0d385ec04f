import { execFileSync } from "node:child_process";

/** True when `docker version` reaches an engine (the CLI follows DOCKER_HOST). */
export function dockerEngineAnswers(): boolean {
  try {
    execFileSync("docker", ["version", "--format", "{{.Server.Version}}"], {
      stdio: "ignore",
      timeout: 10_000,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether tests needing a real Docker Engine should run. Without one: under CI this throws (they must
 * run there; .ci/run starts dockerd); elsewhere it prints a visible skip notice and returns false.
 * Use as `describe.runIf(haveDockerEngine("docker runtime"))(...)`.
 */
export function haveDockerEngine(what: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (dockerEngineAnswers()) return true;
  if (env.CI)
    throw new Error(
      `CI is set but no Docker Engine answers: "${what}" must run in CI (start dockerd; see .ci/run)`,
    );
  process.stderr.write(`SKIPPED: ${what}: no Docker Engine answers (start dockerd or Docker Desktop)\n`);
  return false;
}
