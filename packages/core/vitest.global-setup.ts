// Builds the TF-Serving-like test image once per test run when a Docker Engine answers (reused when
// its content hash is current). Tests that need Docker decide to run or skip with haveDockerEngine().
// Imported by path, not as "@bqdeploy/test-fixtures": global setup runs outside the test environment,
// where the "@bqdeploy/source" condition does not apply and the package would need a build.
import { dockerEngineAnswers, ensureFakeImage } from "../test-fixtures/src/docker-image/index.js";

export default async function setup(): Promise<void> {
  if (!dockerEngineAnswers()) return;
  const result = await ensureFakeImage();
  if (result.built)
    process.stderr.write(`built ${result.image} for the Docker tests (content hash ${result.hash})\n`);
}
