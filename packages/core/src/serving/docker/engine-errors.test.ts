import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkEngine, platformWarning } from "./check-engine.js";
import { connectEngine } from "./engine-connection.js";
import { explainExitCode } from "./exit-explanation.js";

describe("engine connection errors", () => {
  it("says Docker is not running when the socket does not exist", async () => {
    const socket = join(await mkdtemp(join(tmpdir(), "bqdeploy-nodocker-")), "docker.sock");
    await expect(checkEngine(connectEngine(`unix://${socket}`))).rejects.toMatchObject({
      code: "DOCKER_UNAVAILABLE",
      message: `Docker is not running (could not reach ${socket}). Start Docker Desktop or dockerd, or use --runtime embedded, which needs no Docker.`,
    });
  });

  it("says so too when a TCP engine refuses the connection", async () => {
    await expect(checkEngine(connectEngine("tcp://127.0.0.1:1"))).rejects.toMatchObject({
      code: "DOCKER_UNAVAILABLE",
    });
  });

  it("rejects a DOCKER_HOST it does not understand", () => {
    expect(() => connectEngine("ssh://host")).toThrow(/DOCKER_HOST "ssh:\/\/host" is not understood/);
  });
});

describe("explanations", () => {
  it("explains exit code 132 as SIGILL, AVX or Apple Silicon, and the way out", () => {
    const text = explainExitCode(132);
    expect(text).toMatch(/SIGILL/);
    expect(text).toMatch(/AVX/);
    expect(text).toMatch(/Apple Silicon/);
    expect(text).toMatch(/--runtime embedded/);
  });

  it("warns on arm64 hosts about tensorflow/serving only", () => {
    const arm = { version: "27", apiVersion: "1.47", arch: "arm64", os: "linux" };
    expect(platformWarning(arm, "tensorflow/serving:2.19.0")).toMatch(/amd64-only.*132.*--runtime embedded/);
    expect(platformWarning(arm, "my/own:image")).toBeUndefined();
    expect(platformWarning({ ...arm, arch: "amd64" }, "tensorflow/serving:2.19.0")).toBeUndefined();
  });
});
