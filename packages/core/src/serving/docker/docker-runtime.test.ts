import { cp, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  FAKE_IMAGE,
  haveDockerEngine,
  haveSharedModels,
  installScriptedVersion,
  sharedExpectations,
  sharedModel,
} from "@bqdeploy/test-fixtures";
import Docker from "dockerode";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBqdeployError } from "../../errors/index.js";
import type { LogLine, RuntimeEvent } from "../runtime.js";
import { DockerRuntime } from "./docker-runtime.js";
import { withContainer } from "./with-container.js";

const run = `t${process.pid}`;
const docker = new Docker({ socketPath: "/var/run/docker.sock" });

async function predict(endpoint: string, path = "/v1/models/tip_model:predict"): Promise<unknown> {
  const response = await request(`${endpoint}${path}`, {
    method: "POST",
    body: JSON.stringify({ instances: [{ fare_amount: 10, trip_miles: 2 }] }),
  });
  return response.body.json();
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (isBqdeployError(error)) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
}

describe.runIf(haveDockerEngine("DockerRuntime against a real Docker Engine"))(
  "DockerRuntime (real engine)",
  () => {
    let repo: string;
    const runtime = new DockerRuntime({ image: FAKE_IMAGE, readyTimeoutMs: 30_000 });

    beforeAll(async () => {
      repo = await mkdtemp(join(tmpdir(), "bqdeploy-docker-"));
      await installScriptedVersion(repo, "tip_model", 1);
    });

    afterAll(async () => {
      const ours = await docker.listContainers({ all: true, filters: { label: ["app=bqdeploy"] } });
      for (const c of ours) await docker.getContainer(c.Id).remove({ force: true });
      await rm(repo, { recursive: true, force: true });
      expect(ours.map((c) => c.Names[0])).toEqual([]);
    });

    it("starts, reports AVAILABLE, answers predict, has logs, and stop leaves no container", async () => {
      const events: RuntimeEvent[] = [];
      const id = `${run}-basic`;
      const deployment = await runtime.start(
        { id, model: "tip_model", repo, port: 0 },
        { onEvent: (e) => events.push(e) },
      );
      expect(deployment).toMatchObject({
        id,
        runtime: "docker",
        model: "tip_model",
        replicas: 1,
        state: "available",
      });
      expect(deployment.endpoints[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["image", "starting", "available"]));
      const endpoint = deployment.endpoints[0] ?? "";
      expect(await predict(endpoint)).toEqual({ predictions: [[0.5 + 1 + 0.5]] });
      expect((await runtime.status(id)).state).toBe("available");
      expect((await runtime.list()).map((d) => d.id)).toContain(id);

      const lines: LogLine[] = [];
      for await (const line of runtime.logs(id)) lines.push(line);
      expect(
        lines.some(
          (l) =>
            l.stream === "stdout" &&
            /Successfully loaded servable version \{name: tip_model version: 1\}/.test(l.text),
        ),
      ).toBe(true);

      await runtime.stop(id);
      expect(
        await docker.listContainers({ all: true, filters: { label: [`bqdeploy.deployment=${id}`] } }),
      ).toEqual([]);
      expect((await failure(runtime.status(id))).code).toBe("NOT_FOUND");
    });

    it.runIf(haveSharedModels("Docker serving a real export"))(
      "serves a real BigQuery ML export with the expected predictions",
      async () => {
        const expected = (
          sharedExpectations() as Array<{
            model: string;
            protocol: string;
            instances: unknown[];
            predictions: number[][];
          }>
        ).find((e) => e.model === "tip_model/tf2.21" && e.protocol === "tf_serving_rest_row");
        if (!expected) throw new Error("expected.json has no tip_model/tf2.21 row predictions");
        await cp(sharedModel("tip_model/tf2.21"), join(repo, "real_tip_model", "1"), { recursive: true });
        await withContainer(
          { runtime, spec: { id: `${run}-real`, model: "real_tip_model", repo, port: 0 } },
          async (deployment) => {
            const response = await request(`${deployment.endpoints[0]}/v1/models/real_tip_model:predict`, {
              method: "POST",
              body: JSON.stringify({ instances: expected.instances }),
            });
            const { predictions } = (await response.body.json()) as { predictions: number[][] };
            expect(predictions).toHaveLength(expected.predictions.length);
            predictions.forEach((row, i) => {
              const want = expected.predictions[i]?.[0] ?? Number.NaN;
              expect(Math.abs((row[0] ?? Number.NaN) - want)).toBeLessThanOrEqual(
                1e-9 * Math.max(1, Math.abs(want)),
              );
            });
          },
        );
      },
    );

    it("picks up a new version folder while serving, without a restart, and follows the logs", async () => {
      const model = "growing_model";
      await installScriptedVersion(repo, model, 1);
      await withContainer(
        { runtime, spec: { id: `${run}-grow`, model, repo, port: 0 } },
        async (deployment) => {
          const endpoint = deployment.endpoints[0] ?? "";
          const [info] = await docker.listContainers({
            filters: { label: [`bqdeploy.deployment=${run}-grow`] },
          });
          const follow = new AbortController();
          const seen: string[] = [];
          const following = (async () => {
            for await (const line of runtime.logs(deployment.id, { follow: true, signal: follow.signal })) {
              seen.push(line.text);
              if (/version: 2\}$/.test(line.text) && /Successfully loaded/.test(line.text)) follow.abort();
            }
          })();
          await installScriptedVersion(repo, model, 2, {
            inputs: { x: "DT_DOUBLE" },
            output: "y",
            weights: { x: 2 },
            bias: 0,
          });
          await following;
          const status = (await (await request(`${endpoint}/v1/models/${model}`)).body.json()) as {
            model_version_status: Array<{ version: string; state: string }>;
          };
          expect(status.model_version_status.find((s) => s.version === "2")?.state).toBe("AVAILABLE");
          const answer = await request(`${endpoint}/v1/models/${model}:predict`, {
            method: "POST",
            body: '{"instances": [3]}',
          });
          expect(await answer.body.json()).toEqual({ predictions: [[6]] });
          const [after] = await docker.listContainers({
            filters: { label: [`bqdeploy.deployment=${run}-grow`] },
          });
          expect(after?.Id).toBe(info?.Id);
          expect(
            seen.some((l) =>
              /Successfully loaded servable version \{name: growing_model version: 2\}/.test(l),
            ),
          ).toBe(true);
        },
      );
    });

    it("serves replicas on consecutive ports, a pinned version and labels through models.config", async () => {
      const base = await freePortPair();
      const id = `${run}-replicas`;
      await withContainer(
        {
          runtime,
          spec: { id, model: "tip_model", repo, port: base, replicas: 2, version: 1, labels: { stable: 1 } },
        },
        async (deployment) => {
          expect(deployment.endpoints).toEqual([`http://127.0.0.1:${base}`, `http://127.0.0.1:${base + 1}`]);
          for (const endpoint of deployment.endpoints) {
            expect(await predict(endpoint, "/v1/models/tip_model/labels/stable:predict")).toEqual({
              predictions: [[2]],
            });
          }
          const listed = (await runtime.list()).find((d) => d.id === id);
          expect(listed).toMatchObject({ replicas: 2, state: "available", endpoints: deployment.endpoints });
        },
      );
    });

    it("explains exit code 132 (SIGILL) with the server's last logs", async () => {
      const dying = new DockerRuntime({ image: FAKE_IMAGE, serverArgs: ["--bqdeploy_fake_sigill"] });
      const error = await failure(dying.start({ id: `${run}-sigill`, model: "tip_model", repo, port: 0 }));
      expect(error.code).toBe("CONTAINER_EXITED");
      expect(error.details.exitCode).toBe(132);
      expect(error.message).toMatch(/SIGILL/);
      expect(error.message).toMatch(/AVX/);
      expect(error.message).toMatch(/--runtime embedded/);
      expect(error.message).toMatch(/Last lines of the server log:\n.*Building single TensorFlow model/);
      expect(
        await docker.listContainers({ all: true, filters: { label: [`bqdeploy.deployment=${run}-sigill`] } }),
      ).toEqual([]);
    });

    it("says clearly when the port is taken", async () => {
      const blocker = createServer();
      const port = await listen(blocker);
      try {
        const error = await failure(runtime.start({ id: `${run}-port`, model: "tip_model", repo, port }));
        expect(error.code).toBe("PORT_IN_USE");
        expect(error.message).toContain(`Port ${port} is already in use`);
        expect(error.message).toContain("--port");
      } finally {
        blocker.close();
      }
    });

    it("uses the local image when the registry cannot be reached, and says so", async () => {
      const events: RuntimeEvent[] = [];
      const pulling = new DockerRuntime({ image: FAKE_IMAGE, pullPolicy: "always" });
      await withContainer(
        {
          runtime: pulling,
          spec: { id: `${run}-pull`, model: "tip_model", repo, port: 0 },
          onEvent: (e) => events.push(e),
        },
        async () => {},
      );
      const image = events.find((e) => e.type === "image");
      expect(image).toMatchObject({ source: "local" });
      expect(image?.type === "image" && image.message).toMatch(
        /could not pull .*using the copy already on this Docker host/,
      );
    });

    it("reports an image that is neither pullable nor local as IMAGE_UNAVAILABLE", async () => {
      const missing = new DockerRuntime({ image: "bqdeploy/no-such-image:none" });
      const error = await failure(missing.start({ id: `${run}-noimage`, model: "tip_model", repo, port: 0 }));
      expect(error.code).toBe("IMAGE_UNAVAILABLE");
      expect(error.message).toMatch(/not on this Docker host either/);
    });

    it("turns an engine that stops answering mid-run into DOCKER_UNAVAILABLE", async () => {
      const model = "slow_model";
      await installScriptedVersion(repo, model, 1, {
        inputs: { x: "DT_DOUBLE" },
        output: "y",
        weights: { x: 1 },
        bias: 0,
        loadMs: 10_000,
      });
      const proxyPath = join(repo, "docker-proxy.sock");
      const proxy = await dockerSocketProxy(proxyPath);
      const flaky = new DockerRuntime({ image: FAKE_IMAGE, dockerHost: `unix://${proxyPath}` });
      const id = `${run}-dead`;
      try {
        const starting = flaky.start(
          { id, model, repo, port: 0 },
          { onEvent: (e) => e.type === "starting" && proxy.close() },
        );
        const error = await failure(starting);
        expect(error.code).toBe("DOCKER_UNAVAILABLE");
        expect(error.message).toBe(
          `Docker is not running (could not reach ${proxyPath}). Start Docker Desktop or dockerd, or use --runtime embedded, which needs no Docker.`,
        );
        expect((await failure(flaky.list())).code).toBe("DOCKER_UNAVAILABLE");
      } finally {
        proxy.close();
        await runtime.stop(id).catch(() => {});
      }
    });
  },
);

/** A unix socket forwarding to the real engine; close() drops it and every open connection. */
async function dockerSocketProxy(path: string): Promise<{ close: () => void }> {
  const { connect } = await import("node:net");
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((client) => {
    const upstream = connect("/var/run/docker.sock");
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    close: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const a = createServer();
    const port = await listen(a);
    const b = createServer();
    const ok = await new Promise<boolean>((resolve) => {
      b.once("error", () => resolve(false));
      b.listen(port + 1, "127.0.0.1", () => resolve(true));
    });
    a.close();
    b.close();
    if (ok && port < 65535) return port;
  }
  throw new Error("no two consecutive free ports found");
}
