import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DockerRuntime } from "@bqdeploy/core";
import { describe } from "vitest";
import { describeTfServingConformance } from "../conformance/describe-conformance.js";
import { TIP_MODEL } from "../conformance/model.js";
import { haveSharedModels, sharedModel } from "../shared-models/locate.js";
import { ensureFakeImage, FAKE_IMAGE } from "./build-image.js";
import { haveDockerEngine } from "./docker-engine.js";
import { installScriptedVersion } from "./scripted-repo.js";

// The conformance suite against a container started by DockerRuntime: the real tip_model export
// (versions 1 and 2, label stable -> 1) and iris, both run by core's engine inside the image.
describe.runIf(
  haveDockerEngine("TF Serving conformance in Docker") &&
    haveSharedModels("TF Serving conformance in Docker"),
)("docker", () => {
  describeTfServingConformance(
    "TF Serving conformance: DockerRuntime with the TF-Serving-like image",
    async () => {
      await ensureFakeImage();
      // A temporary repository outside the project (the exports are read, not changed).
      const repo = await mkdtemp(join(tmpdir(), "bqdeploy-conformance-"));
      for (const version of ["1", "2"])
        await cp(sharedModel("tip_model/tf2.21"), join(repo, "tip_model", version), { recursive: true });
      await cp(sharedModel("iris_logistic_reg"), join(repo, "iris", "1"), { recursive: true });
      await installScriptedVersion(repo, "loading_model", 1, {
        inputs: { x: "DT_DOUBLE" },
        output: "y",
        weights: {},
        bias: 0,
        loadMs: 600_000,
      });
      const runtime = new DockerRuntime({ image: FAKE_IMAGE, readyTimeoutMs: 60_000 });
      const id = `conformance-${process.pid}`;
      const deployment = await runtime.start({
        id,
        model: "tip_model",
        repo,
        port: 0,
        labels: { stable: 1, canary: 2 },
        otherModels: ["iris", "loading_model"],
      });
      return {
        baseUrl: deployment.endpoints[0] ?? "",
        model: TIP_MODEL,
        versionsAndLabel: true,
        multiOutputModel: "iris",
        loadingModel: "loading_model",
        close: async () => {
          await runtime.stop(id);
          await rm(repo, { recursive: true, force: true });
        },
      };
    },
  );
});
