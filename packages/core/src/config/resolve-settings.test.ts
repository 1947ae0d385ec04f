import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSettings } from "./resolve-settings.js";

const configWith = (value: unknown): string => {
  const dir = mkdtempSync(join(tmpdir(), "bqdeploy-config-"));
  const path = join(dir, "bqdeploy.config.json");
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
  return path;
};

describe("resolveSettings", () => {
  it("gives defaults when nothing is set", () => {
    const { settings, sources } = resolveSettings();
    expect(settings).toMatchObject({
      repo: "./models",
      url: "http://127.0.0.1:8501",
      runtime: "embedded",
      host: "127.0.0.1",
      port: 8501,
    });
    expect(sources.port).toBe("default");
  });

  it("takes flags over environment over config file", () => {
    const configFile = configWith({ port: 9000, repo: "/from/file", project: "file-project" });
    const env = { BQDEPLOY_PORT: "9100", BQDEPLOY_REPO: "/from/env" };
    const { settings, sources } = resolveSettings({ flags: { port: "9200" }, env, configFile });
    expect(settings.port).toBe(9200);
    expect(settings.repo).toBe("/from/env");
    expect(settings.project).toBe("file-project");
    expect(sources).toMatchObject({ port: "flag", repo: "environment", project: "config file" });
  });

  it("reads the emulator variables as endpoints", () => {
    const { settings } = resolveSettings({ env: { STORAGE_EMULATOR_HOST: "http://127.0.0.1:4443" } });
    expect(settings.storageEndpoint).toBe("http://127.0.0.1:4443");
  });

  it("names the setting and its source when a value is invalid", () => {
    expect(() => resolveSettings({ env: { BQDEPLOY_PORT: "eighty" } })).toThrow(
      /port \(from environment variable BQDEPLOY_PORT\)/,
    );
    expect(() => resolveSettings({ flags: { runtime: "podman" } })).toThrow(
      /runtime \(from flag --runtime\)/,
    );
    const configFile = configWith({ url: "not a url" });
    expect(() => resolveSettings({ configFile })).toThrow(/url \(from "url" in .*bqdeploy.config.json\)/);
  });

  it("rejects unknown keys and broken JSON in the config file", () => {
    expect(() => resolveSettings({ configFile: configWith({ prot: 1 }) })).toThrow(
      /unknown setting\(s\): prot/,
    );
    expect(() => resolveSettings({ configFile: configWith("{oops") })).toThrow(/not valid JSON/);
  });

  it("ignores a missing default config file but not a named one", () => {
    expect(resolveSettings({ configFile: "/nonexistent/bqdeploy.config.json" }).settings.port).toBe(8501);
    expect(() => resolveSettings({ configFile: "/nonexistent/x.json", configFileRequired: true })).toThrow(
      /Cannot read/,
    );
  });
});
