// Time from "start" to the model AVAILABLE: DockerRuntime.start (engine check, image check, create,
// start, wait) vs the same steps by hand with the docker CLI (`docker run -d`, `docker port`) and a
// poll loop over undici. Both run the TF-Serving-like test image with the same scripted model.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DockerRuntime } from "@bqdeploy/core";
import {
  dockerEngineAnswers,
  ensureFakeImage,
  FAKE_IMAGE,
  installScriptedVersion,
} from "@bqdeploy/test-fixtures";
import { request } from "undici";
import { report } from "./lib/measure.js";

const sh = promisify(execFile);
const RUNS = 5;

async function cliStart(repo: string, name: string): Promise<void> {
  await sh("docker", [
    "run",
    "-d",
    "--init",
    "--name",
    name,
    "--label",
    "app=bqdeploy-bench",
    "-p",
    "127.0.0.1::8501",
    "--mount",
    `type=bind,src=${repo},dst=/models,readonly`,
    "-e",
    "MODEL_NAME=tip_model",
    FAKE_IMAGE,
    "--file_system_poll_wait_seconds=1",
  ]);
  const { stdout } = await sh("docker", ["port", name, "8501/tcp"]);
  const endpoint = `http://${stdout.trim().split("\n")[0]}`;
  for (;;) {
    try {
      const response = await request(`${endpoint}/v1/models/tip_model`);
      const body = await response.body.text();
      if (response.statusCode === 200 && body.includes('"AVAILABLE"')) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function run(): Promise<void> {
  if (!dockerEngineAnswers()) {
    console.log("\n## docker: SKIPPED (no Docker Engine answers; start dockerd)");
    return;
  }
  await ensureFakeImage();
  const repo = await mkdtemp(join(tmpdir(), "bqdeploy-bench-docker-"));
  await installScriptedVersion(repo, "tip_model", 1);
  const runtime = new DockerRuntime({ image: FAKE_IMAGE });
  // Only start -> AVAILABLE is timed; removing the containers afterwards is not.
  const median = async (once: (i: number) => Promise<() => Promise<unknown>>): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const begin = performance.now();
      const cleanup = await once(i);
      times.push((performance.now() - begin) / 1000);
      await cleanup();
    }
    return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? Number.NaN;
  };
  try {
    const measured = await median(async (i) => {
      const id = `bench-${process.pid}-${i}`;
      await runtime.start({ id, model: "tip_model", repo, port: 0 });
      return () => runtime.stop(id);
    });
    const baseline = await median(async (i) => {
      const name = `bqdeploy-bench-cli-${process.pid}-${i}`;
      await cliStart(repo, name);
      return () => sh("docker", ["rm", "-f", name]);
    });
    report({
      name: "docker: start -> AVAILABLE, median of 5",
      unit: "s",
      measured,
      baseline,
      baselineName: "docker run -d --init + docker port + undici poll loop (250 ms)",
      notes: "ratio = DockerRuntime time / CLI time (lower is better); both poll every 250 ms",
    });
  } finally {
    await rm(repo, { recursive: true, force: true });
  }
}
