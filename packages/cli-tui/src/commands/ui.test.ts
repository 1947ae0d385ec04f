import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { runCli } from "../testing/run-cli.js";

describe("bqdeploy ui", () => {
  it("needs a terminal, and says what to use in scripts", async () => {
    const r = await runCli(["ui", "--repo", "/nonexistent"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bqdeploy ui needs a terminal");
  });

  it("loads the UI (React, Ink) only through a dynamic import", async () => {
    const source = await readFile(new URL("./ui.ts", import.meta.url), "utf8");
    expect(source).not.toMatch(/^import .*(\.\.\/ui\/|"ink"|"react")/m);
    expect(source).toContain('await import("../ui/run-ui.js")');
  });
});
