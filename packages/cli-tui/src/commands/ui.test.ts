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
    expect(source).toContain('import("../ui/run-ui.js")');
  });

  it("draws before loading core's services or the other commands", async () => {
    const source = await readFile(new URL("./ui.ts", import.meta.url), "utf8");
    expect(source).not.toMatch(/^import .*"@bqdeploy\/core"/m);
    expect(source).toContain('import("./ui-services.js")');
    const main = await readFile(new URL("../cli/main.ts", import.meta.url), "utf8");
    expect(main).not.toMatch(/^import .*commands\/index/m);
    const bin = await readFile(new URL("../bin.ts", import.meta.url), "utf8");
    expect(bin).toContain('await import("./commands/ui.js")');
  });
});
