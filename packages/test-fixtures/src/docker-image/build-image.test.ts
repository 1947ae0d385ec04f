import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CONTENT_HASH_LABEL, bundleServer, ensureFakeImage, FAKE_IMAGE } from "./build-image.js";
import { haveDockerEngine } from "./docker-engine.js";

describe("the TF-Serving-like image", () => {
  it("bundles the server and core into one module, native addons beside it", {
    timeout: 120_000,
  }, async () => {
    const files = await bundleServer();
    const server = Buffer.from(files.find((f) => f.name === "server.mjs")?.contents ?? []).toString();
    expect(server).toContain("Exporting HTTP/REST API at:localhost:");
    expect(server).not.toMatch(/from ["']@bqdeploy\/core["']/);
    expect(files.some((f) => f.name.endsWith(".node"))).toBe(true);
  });

  it.runIf(haveDockerEngine("building the fake image"))(
    "is reused when its content hash is current",
    async () => {
      await ensureFakeImage();
      const again = await ensureFakeImage();
      expect(again).toMatchObject({ image: FAKE_IMAGE, built: false });
      const label = execFileSync("docker", [
        "image",
        "inspect",
        "--format",
        `{{index .Config.Labels "${CONTENT_HASH_LABEL}"}}`,
        FAKE_IMAGE,
      ])
        .toString()
        .trim();
      expect(label).toBe(again.hash);
      const exit = (() => {
        try {
          execFileSync("docker", ["run", "--rm", "-e", "BQDEPLOY_FAKE_SIGILL=1", FAKE_IMAGE], {
            stdio: "ignore",
          });
          return 0;
        } catch (error) {
          return (error as { status: number }).status;
        }
      })();
      expect(exit).toBe(132);
    },
  );
});
