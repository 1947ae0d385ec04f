import { describe, expect, it } from "vitest";
import { formatBytes, renderProgress } from "./progress-bar.js";

describe("renderProgress", () => {
  it("draws a bar with percentage, amounts, rate and eta", () => {
    const line = renderProgress(
      { label: "download", current: 5e6, total: 10e6, unit: "bytes", rate: 1e6 },
      80,
    );
    expect(line).toMatch(/^download \[#+\.+\] {2}50% 5\.0 MB\/10\.0 MB 1\.0 MB\/s eta 5s$/);
    expect(line.length).toBeLessThanOrEqual(80);
  });

  it("falls back to an amount when the total is unknown", () => {
    expect(renderProgress({ label: "files", current: 3, unit: "files" })).toBe("files 3");
  });

  it("formats bytes", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1_500_000)).toBe("1.5 MB");
  });
});
