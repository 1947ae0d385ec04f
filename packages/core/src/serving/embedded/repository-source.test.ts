import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../logging/index.js";
import type { Servable } from "../../protocol/index.js";
import { RepositorySource } from "./repository-source.js";

/** A loader that "loads" a folder by reading a marker: `broken` fails, anything else works. */
const markerLoader = async (dir: string): Promise<Servable> => {
  const { readFileSync } = await import("node:fs");
  const marker = readFileSync(join(dir, "marker"), "utf8");
  if (marker === "broken") throw new Error(`saved_model.pb in ${dir} is truncated`);
  return { signatures: {}, run: async () => ({}) };
};

function addVersion(repo: string, model: string, version: string, marker = "ok"): void {
  // Written complete in a hidden sibling, then renamed: as ModelRepository installs versions.
  const staging = join(repo, model, `.staging-${version}`);
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, "marker"), marker);
  renameSync(staging, join(repo, model, version));
}

const states = (source: RepositorySource, model: string) =>
  source.versions(model)?.map((v) => `${v.version}:${v.state}${v.errorMessage ? `(${v.errorMessage})` : ""}`);

describe("RepositorySource", () => {
  it("serves the latest version and swaps to a new one without a restart", async () => {
    const repo = mkdtempSync(join(tmpdir(), "bqdeploy-source-"));
    addVersion(repo, "tip_model", "1");
    const source = new RepositorySource({ repo, load: markerLoader });
    await source.refresh();
    expect(states(source, "tip_model")).toEqual(["1:AVAILABLE"]);
    addVersion(repo, "tip_model", "2");
    await source.refresh();
    expect(states(source, "tip_model")).toEqual(["2:AVAILABLE", "1:END"]);
    expect(source.servable("tip_model", 2)).toBeDefined();
    expect(source.servable("tip_model", 1)).toBeUndefined();
  });

  it("keeps the working version when a new one fails to load, and reports the failure", async () => {
    const repo = mkdtempSync(join(tmpdir(), "bqdeploy-source-"));
    addVersion(repo, "tip_model", "1");
    const source = new RepositorySource({ repo, load: markerLoader });
    await source.refresh();
    addVersion(repo, "tip_model", "2", "broken");
    await source.refresh();
    const v2 = source.versions("tip_model")?.find((v) => v.version === 2);
    expect(v2).toMatchObject({
      state: "END",
      errorCode: "UNKNOWN",
      errorMessage: expect.stringContaining("truncated"),
    });
    expect(source.servable("tip_model", 1)).toBeDefined();
  });

  it("ignores non-numeric version folders and says how to fix them", async () => {
    const repo = mkdtempSync(join(tmpdir(), "bqdeploy-source-"));
    addVersion(repo, "tip_model", "v1");
    const logger = memoryLogger();
    const source = new RepositorySource({ repo, load: markerLoader, logger });
    await source.refresh();
    expect(source.versions("tip_model")).toEqual([]);
    const warnings = logger.records.filter((r) => r.level === "warn").map((r) => r.message);
    expect(warnings).toContain(
      "tip_model/v1 is ignored: version folders must be whole numbers (rename it to tip_model/1, or use `bqdeploy pull`, which numbers versions).",
    );
    expect(warnings.some((w) => w.startsWith("No versions of servable tip_model found"))).toBe(true);
  });

  it("follows models.config: version policy and labels", async () => {
    const repo = mkdtempSync(join(tmpdir(), "bqdeploy-source-"));
    for (const v of ["1", "2", "3"]) addVersion(repo, "m", v);
    writeFileSync(
      join(repo, "models.config"),
      "model_config_list { config { name: 'm' base_path: '/models/m' model_platform: 'tensorflow' model_version_policy { latest { num_versions: 2 } } version_labels { key: 'stable' value: 1 } } }",
    );
    const source = new RepositorySource({ repo, load: markerLoader });
    await source.refresh();
    expect(states(source, "m")).toEqual(["3:AVAILABLE", "2:AVAILABLE", "1:AVAILABLE"]);
    expect(source.labels("m")).toEqual({ stable: 1 });
    expect(source.models()).toEqual(["m"]);
    expect(source.versions("unknown")).toBeUndefined();
  });
});
