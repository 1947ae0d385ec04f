import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ensureFakeImage,
  FAKE_IMAGE,
  haveDockerEngine,
  installScriptedVersion,
} from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing/run-cli.js";

const ourContainers = (): string =>
  execFileSync("docker", [
    "ps",
    "-a",
    "-q",
    "--filter",
    "label=app=bqdeploy",
    "--filter",
    `label=bqdeploy.deployment=cli-${process.pid}`,
  ])
    .toString()
    .trim();

describe.runIf(haveDockerEngine("bqdeploy serve/ps/logs/stop with --runtime docker"))(
  "docker commands",
  () => {
    let repo: string;
    const id = `cli-${process.pid}`;
    const env = { BQDEPLOY_IMAGE: FAKE_IMAGE };

    beforeAll(async () => {
      await ensureFakeImage();
      repo = await mkdtemp(join(tmpdir(), "bqdeploy-cli-docker-"));
      await installScriptedVersion(repo, "tip_model", 1);
    });
    afterAll(async () => {
      const left = ourContainers();
      if (left) execFileSync("docker", ["rm", "-f", ...left.split("\n")]);
      await rm(repo, { recursive: true, force: true });
      expect(left).toBe("");
    });

    it("serves, lists, shows logs and stops a deployment", async () => {
      const serve = await runCli(
        ["serve", "--runtime", "docker", "--repo", repo, "--port", "0", "--name", id, "--json"],
        { env },
      );
      expect(serve.stderr).toBe("");
      expect(serve.code).toBe(0);
      const events = serve.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const deployment = events.at(-1) as { id: string; endpoints: string[]; state: string };
      expect(deployment).toMatchObject({ id, state: "available", runtime: "docker", model: "tip_model" });
      expect(events.some((e) => e.type === "available")).toBe(true);

      const answer = await fetch(`${deployment.endpoints[0]}/v1/models/tip_model:predict`, {
        method: "POST",
        body: '{"instances": [{"fare_amount": 10, "trip_miles": 0}]}',
      });
      expect(await answer.json()).toEqual({ predictions: [[1.5]] });

      const ps = await runCli(["ps"], { env });
      expect(ps.code).toBe(0);
      expect(ps.stdout).toMatch(/^ID\s+MODEL\s+RUNTIME\s+STATE\s+REPLICAS\s+STARTED\s+ENDPOINTS$/m);
      expect(ps.stdout).toMatch(
        new RegExp(
          `^${id}\\s+tip_model\\s+docker\\s+available\\s+1\\s+\\S+\\s+${deployment.endpoints[0]}$`,
          "m",
        ),
      );

      const logs = await runCli(["logs", id, "--tail", "50"], { env });
      expect(logs.code).toBe(0);
      expect(logs.stdout).toMatch(/Successfully loaded servable version \{name: tip_model version: 1\}/);

      const stop = await runCli(["stop", id], { env });
      expect(stop).toMatchObject({ code: 0, stdout: `stopped ${id}\n` });
      expect(ourContainers()).toBe("");
      const again = await runCli(["stop", id], { env });
      expect(again.code).toBe(1);
      expect(again.stderr).toBe(
        `bqdeploy: No Docker deployment named "${id}". \`bqdeploy ps\` lists the running ones.\n`,
      );
    });

    it("says Docker is not running in one line when DOCKER_HOST points nowhere", async () => {
      const r = await runCli(["ps"], { env: { DOCKER_HOST: `unix://${join(repo, "none.sock")}` } });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `bqdeploy: Docker is not running (could not reach ${join(repo, "none.sock")}). Start Docker Desktop or dockerd, or use --runtime embedded, which needs no Docker.\n`,
      );
    });

    it("treats a malformed --replicas as a usage error", async () => {
      const r = await runCli(["serve", "--runtime", "docker", "--repo", repo, "--replicas", "two"], { env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--replicas must be a whole number, got two/);
    });
  },
);
