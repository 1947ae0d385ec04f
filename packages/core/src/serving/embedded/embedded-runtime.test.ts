import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { haveSharedModels, sharedModel } from "@bqdeploy/test-fixtures";
import { describe, expect, it } from "vitest";
import { TfServingClient } from "../../client/index.js";
import { DeploymentRegistry } from "../deployments.js";
import { EmbeddedRuntime } from "./embedded-runtime.js";

const SEED = {
  passenger_count: 1,
  trip_distance: 12.2,
  PULocationID: "193",
  DOLocationID: "264",
  payment_type: "2",
  fare_amount: 20.4,
  tolls_amount: 0.0,
};

describe.runIf(haveSharedModels("embedded runtime deployments"))("EmbeddedRuntime", () => {
  it("starts replicas, answers predictions, reports status and logs, and stops", async () => {
    const repo = mkdtempSync(join(tmpdir(), "bqdeploy-runtime-"));
    cpSync(sharedModel("tip_model/tf2.21"), join(repo, "tip_model", "1"), { recursive: true });
    const runtime = new EmbeddedRuntime();
    const registry = new DeploymentRegistry({ embedded: runtime });
    const events: string[] = [];
    const deployment = await registry.start(
      "embedded",
      { model: "tip_model", repo, port: 0, replicas: 2 },
      { onEvent: (e) => events.push(e.type) },
    );
    try {
      expect(deployment).toMatchObject({
        id: "tip_model",
        runtime: "embedded",
        replicas: 2,
        state: "available",
      });
      expect(deployment.endpoints).toHaveLength(2);
      expect(events).toEqual(["starting", "available", "starting", "available"]);
      for (const url of deployment.endpoints) {
        const client = new TfServingClient({ url });
        const [prediction] = (await client.predict("tip_model", [SEED])) as number[][];
        expect(prediction?.[0]).toBeCloseTo(-0.4326289662712952, 9);
        await client.close();
      }
      expect(await registry.endpointsFor("tip_model")).toEqual(deployment.endpoints);
      const lines: string[] = [];
      for await (const line of registry.logs("tip_model")) lines.push(line.text);
      expect(lines.some((l) => l.includes("Loaded tip_model version 1"))).toBe(true);
      await expect(registry.start("embedded", { model: "tip_model", repo, port: 0 })).rejects.toMatchObject({
        code: "ALREADY_EXISTS",
      });
    } finally {
      await registry.stop("tip_model");
    }
    expect((await registry.list()).deployments).toEqual([]);
    await expect(registry.find("tip_model")).rejects.toMatchObject({ code: "NOT_FOUND" });
    rmSync(repo, { recursive: true, force: true });
  });

  it("says why a model cannot be served", async () => {
    const repo = mkdtempSync(join(tmpdir(), "bqdeploy-runtime-"));
    mkdirSync(join(repo, "empty", "v1"), { recursive: true });
    const runtime = new EmbeddedRuntime();
    await expect(runtime.start({ model: "empty", repo, port: 0 })).rejects.toMatchObject({
      code: "SERVING_NOT_READY",
      message: expect.stringContaining("no numeric version folder"),
    });
    mkdirSync(join(repo, "broken", "1"), { recursive: true });
    await expect(runtime.start({ model: "broken", repo, port: 0 })).rejects.toMatchObject({
      message: expect.stringContaining("version 1 failed to load"),
    });
    expect(await runtime.list()).toEqual([]);
    const registry = new DeploymentRegistry({ embedded: runtime });
    expect(() => registry.runtime("docker")).toThrow(/docker runtime is not available here/);
  });
});
