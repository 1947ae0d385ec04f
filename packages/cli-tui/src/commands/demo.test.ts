import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closedFormLinear, demoTipModelSpec } from "@bqdeploy/test-fixtures";
import { describe, expect, it } from "vitest";
import { SEED_REQUEST } from "../demo/run-demo.js";
import { runCli } from "../testing/run-cli.js";

describe("bqdeploy demo", () => {
  it("runs the whole pipeline offline and answers the seed's request", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "bqdeploy-demo-test-"));
    try {
      const r = await runCli(["demo", "--port", "0", "--json"], { cwd });
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const steps = lines.filter((l) => l.type === "step").map((l) => `${l.step}:${l.status}`);
      expect(steps).toEqual([
        "export:started",
        "export:done",
        "download:started",
        "download:done",
        "install:started",
        "install:done",
        "serve:started",
        "serve:done",
      ]);
      const result = lines.at(-1) as { predictions: number[][]; version: number };
      const expected = closedFormLinear(demoTipModelSpec(), SEED_REQUEST.instances[0]!);
      expect(result.predictions[0]?.[0]).toBeCloseTo(expected, 9);
      expect(result.version).toBe(1);
      expect(existsSync(join(cwd, "models", "tip_model", "1", "saved_model.pb"))).toBe(true);
      // A second run installs the next version beside the first.
      const again = await runCli(["demo", "--port", "0", "--json"], { cwd });
      expect(again.code, again.stderr).toBe(0);
      expect((JSON.parse(again.stdout.trim().split("\n").at(-1)!) as { version: number }).version).toBe(2);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
