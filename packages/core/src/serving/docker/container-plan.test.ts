import { describe, expect, it } from "vitest";
import { isBqdeployError } from "../../errors/index.js";
import { CONFIG_PATH, planContainers } from "./container-plan.js";

const at = "2026-01-01T00:00:00.000Z";

describe("planContainers", () => {
  it("mounts the repository read-only at /models and publishes 8501 on 127.0.0.1", () => {
    const [plan] = planContainers(
      { model: "tip_model", repo: "/srv/models" },
      "tensorflow/serving:2.19.0",
      at,
    );
    expect(plan?.name).toBe("bqdeploy-tip_model-0");
    expect(plan?.create).toMatchObject({
      Image: "tensorflow/serving:2.19.0",
      Env: ["MODEL_NAME=tip_model", "MODEL_BASE_PATH=/models"],
      Cmd: ["--file_system_poll_wait_seconds=1"],
      Labels: {
        app: "bqdeploy",
        "bqdeploy.model": "tip_model",
        "bqdeploy.version": "latest",
        "bqdeploy.repo": "/srv/models",
        "bqdeploy.started-at": at,
      },
      HostConfig: {
        Mounts: [{ Type: "bind", Source: "/srv/models", Target: "/models", ReadOnly: true }],
        PortBindings: { "8501/tcp": [{ HostIp: "127.0.0.1", HostPort: "8501" }] },
      },
    });
    expect(plan?.modelsConfig).toBeUndefined();
  });

  it("gives replicas consecutive ports and their own names", () => {
    const plans = planContainers({ model: "m", repo: "/r", port: 9000, replicas: 3, id: "blue" }, "img", at);
    expect(plans.map((p) => [p.name, p.hostPort, p.create.Labels?.["bqdeploy.replica"]])).toEqual([
      ["bqdeploy-blue-0", "9000", "0"],
      ["bqdeploy-blue-1", "9001", "1"],
      ["bqdeploy-blue-2", "9002", "2"],
    ]);
    expect(
      planContainers({ model: "m", repo: "/r", port: 0, replicas: 2 }, "img", at).map((p) => p.hostPort),
    ).toEqual(["", ""]);
  });

  it("writes a models.config for a pinned version, labels or several models", () => {
    const [plan] = planContainers(
      { model: "m", repo: "/r", version: 2, labels: { stable: 1 }, otherModels: ["n"] },
      "img",
      at,
      ["--x=1"],
    );
    expect(plan?.create.Cmd).toEqual([
      "--file_system_poll_wait_seconds=1",
      `--model_config_file=${CONFIG_PATH}`,
      "--x=1",
    ]);
    expect(plan?.create.Labels?.["bqdeploy.version"]).toBe("2");
    expect(plan?.modelsConfig).toContain("model_version_policy { specific { versions: 1 versions: 2 } }");
    expect(plan?.modelsConfig).toContain("name: 'n'");
  });

  it("refuses bad ids, replica counts and ports with INVALID_ARGUMENT", () => {
    for (const spec of [
      { model: "a/b", repo: "/r" },
      { model: "m", repo: "/r", replicas: 0 },
      { model: "m", repo: "/r", port: 65535, replicas: 2 },
      { model: "m", repo: "/r", id: "../x" },
    ]) {
      try {
        planContainers(spec, "img", at);
        expect.unreachable(`accepted ${JSON.stringify(spec)}`);
      } catch (error) {
        expect(isBqdeployError(error) && error.code).toBe("INVALID_ARGUMENT");
      }
    }
  });
});
