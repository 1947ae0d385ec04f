// Builds the TF-Serving-like test image once per test run when a Docker Engine answers (reused when
// its content hash is current). Tests that need Docker decide to run or skip with haveDockerEngine().
import { dockerEngineAnswers, ensureFakeImage } from "@bqdeploy/test-fixtures";

export default async function setup(): Promise<void> {
  if (!dockerEngineAnswers()) return;
  const result = await ensureFakeImage();
  if (result.built)
    process.stderr.write(`built ${result.image} for the Docker tests (content hash ${result.hash})\n`);
}
