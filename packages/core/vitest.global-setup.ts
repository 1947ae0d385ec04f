// Builds the TF-Serving-like test image once per test run when a Docker Engine answers (reused when
// its content hash is current), as `pnpm fixture:image` does. It runs in a child process: the image
// build reads test-fixtures' and core's sources through the "@bqdeploy/source" condition.
// Tests that need Docker decide to run or skip with haveDockerEngine().
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  try {
    execFileSync("docker", ["version", "--format", "{{.Server.Version}}"], {
      stdio: "ignore",
      timeout: 10_000,
    });
  } catch {
    return;
  }
  const fixtures = fileURLToPath(new URL("../test-fixtures/", import.meta.url));
  execFileSync(
    process.execPath,
    ["--conditions=@bqdeploy/source", "--import", "tsx", "src/docker-image/build-image-cli.ts"],
    {
      cwd: fixtures,
      stdio: ["ignore", "ignore", "inherit"],
      timeout: 300_000,
    },
  );
}
