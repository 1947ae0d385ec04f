import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { singleFileTar } from "./tar-archive.js";

describe("singleFileTar", () => {
  it("is read by tar with its folders and content", () => {
    const archive = singleFileTar("etc/bqdeploy/models.config", "model_config_list {}\n");
    expect(archive.length % 512).toBe(0);
    expect(execFileSync("tar", ["-t"], { input: archive }).toString().trim().split("\n")).toEqual([
      "etc/",
      "etc/bqdeploy/",
      "etc/bqdeploy/models.config",
    ]);
    expect(execFileSync("tar", ["-xO", "etc/bqdeploy/models.config"], { input: archive }).toString()).toBe(
      "model_config_list {}\n",
    );
  });
});
