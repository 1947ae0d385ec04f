import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningTfServingServer, startTfServingServer } from "@bqdeploy/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { installScriptedVersion } from "../scripted-repo.js";
import { FolderSource } from "./folder-source.js";

const settle = async (source: FolderSource): Promise<void> => {
  await source.scan();
  await new Promise((resolve) => setTimeout(resolve, 20));
};

describe("FolderSource behind core's TF Serving handler", () => {
  let repo: string;
  let server: RunningTfServingServer;
  let base: string;
  const lines: string[] = [];
  let source: FolderSource;

  beforeEach(async () => {
    repo = await mkdtemp(join(tmpdir(), "bqdeploy-folder-"));
    source = new FolderSource(
      [
        {
          name: "tip_model",
          basePath: join(repo, "tip_model"),
          policy: { kind: "latest", count: 1 },
          labels: { stable: 1 },
        },
      ],
      (l) => lines.push(l),
    );
    server = await startTfServingServer({ source });
    base = server.url;
  });
  afterEach(async () => {
    await server.close();
    await rm(repo, { recursive: true, force: true });
  });

  it("serves the latest numeric version, ignores others and says why", async () => {
    await mkdir(join(repo, "tip_model", "v1"), { recursive: true });
    await settle(source);
    expect(lines.at(-1)).toMatch(
      /No versions of servable tip_model found under base path .*Did you forget to name your leaf directory as a number/,
    );
    await installScriptedVersion(repo, "tip_model", 1);
    await installScriptedVersion(repo, "tip_model", 2);
    await settle(source);
    const status = await (await fetch(`${base}/v1/models/tip_model`)).json();
    expect(status).toEqual({
      model_version_status: [
        { version: "2", state: "AVAILABLE", status: { error_code: "OK", error_message: "" } },
      ],
    });
    const predict = await fetch(`${base}/v1/models/tip_model:predict`, {
      method: "POST",
      body: JSON.stringify({ instances: [{ fare_amount: 10, trip_miles: 4 }] }),
    });
    expect(await predict.json()).toEqual({ predictions: [[2.5]] });
    const columnar = await fetch(`${base}/v1/models/tip_model/versions/2:predict`, {
      method: "POST",
      body: JSON.stringify({ inputs: { fare_amount: [0, 10], trip_miles: [0, 0] } }),
    });
    expect(await columnar.json()).toEqual({ outputs: [[0.5], [1.5]] });
  });

  it("reports a version it cannot load as a failed load, never with predictions", async () => {
    await mkdir(join(repo, "tip_model", "1"), { recursive: true });
    await writeFile(join(repo, "tip_model", "1", "saved_model.pb"), "not a protobuf");
    await settle(source);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const status = (await (await fetch(`${base}/v1/models/tip_model`)).json()) as {
      model_version_status: Array<{ state: string; status: { error_code: string; error_message: string } }>;
    };
    expect(status.model_version_status[0]?.state).toBe("END");
    expect(status.model_version_status[0]?.status.error_code).not.toBe("OK");
    expect(lines.at(-1)).toMatch(/Loading servable version \{name: tip_model version: 1\} failed/);
    const predict = await fetch(`${base}/v1/models/tip_model:predict`, {
      method: "POST",
      body: '{"instances": [1]}',
    });
    expect(predict.status).toBe(404);
  });

  it("answers bad requests with TF Serving's errors instead of crashing", async () => {
    await installScriptedVersion(repo, "tip_model", 1);
    await settle(source);
    const post = (path: string, body: string) => fetch(`${base}${path}`, { method: "POST", body });
    const cases: Array<[Response, number, RegExp]> = [
      [await post("/v1/models/tip_model:predict", "{nope"), 400, /JSON Parse error/],
      [await post("/v1/models/tip_model:predict", "{}"), 400, /Missing 'inputs' or 'instances' key/],
      [
        await post("/v1/models/tip_model:predict", '{"instances": [{"fare_amount": "x", "trip_miles": 1}]}'),
        400,
        /Type: String is not of expected type: double/,
      ],
      [
        await post("/v1/models/tip_model:predict", '{"instances": [{"fare_amount": 1}]}'),
        400,
        /keys must be equal to: fare_amount,trip_miles/,
      ],
      [
        await post("/v1/models/tip_model:predict", '{"signature_name": "x", "instances": [1]}'),
        400,
        /Serving signature name: "x" not found/,
      ],
      [
        await post("/v1/models/nope:predict", '{"instances": [1]}'),
        404,
        /Servable not found for request: Latest\(nope\)/,
      ],
      [await fetch(`${base}/v1/models/tip_model:predict`), 400, /Malformed request: GET/],
    ];
    for (const [response, status, text] of cases) {
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toMatch(text);
    }
    const labelled = await post(
      "/v1/models/tip_model/labels/stable:predict",
      '{"instances": [{"fare_amount": 0, "trip_miles": 0}]}',
    );
    expect(await labelled.json()).toEqual({ predictions: [[0.5]] });
  });
});
