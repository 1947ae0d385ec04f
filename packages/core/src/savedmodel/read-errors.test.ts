import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LinearRegSpec } from "@bqdeploy/test-fixtures";
import { buildLinearRegModel, linearRegContents, writeSavedModel } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BqdeployError } from "../errors/index.js";
import { isBqdeployError } from "../errors/index.js";
import { readSavedModel } from "./read-saved-model.js";

const spec: LinearRegSpec = {
  features: [
    { name: "payment_type", kind: "string", vocabulary: ["1", "2"] },
    { name: "fare", kind: "numeric", dtype: "DT_DOUBLE" },
  ],
  weights: [1, 2, 3],
  intercept: 4,
};

let root: string;
let counter = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "bqdeploy-errors-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function freshModel(): Promise<string> {
  const dir = join(root, `m${counter++}`);
  await buildLinearRegModel(dir, spec);
  return dir;
}

async function readError(dir: string, tags?: string[]): Promise<BqdeployError> {
  try {
    await readSavedModel(dir, { tags });
  } catch (error) {
    if (isBqdeployError(error)) return error;
    throw error;
  }
  throw new Error("the read succeeded");
}

async function patch(path: string, change: (bytes: Uint8Array) => Uint8Array): Promise<void> {
  await writeFile(path, change(new Uint8Array(await readFile(path))));
}

describe("readSavedModel errors", () => {
  it("names a listed asset that is missing", async () => {
    const dir = await freshModel();
    await rm(join(dir, "assets", "payment_type.txt"));
    const error = await readError(dir);
    expect(error.code).toBe("MODEL_CORRUPT");
    expect(error.message).toMatch(/^assets\/payment_type\.txt: listed in the model but missing/);
  });

  it("refuses a folder without saved_model.pb", async () => {
    const error = await readError(root);
    expect(error.code).toBe("MODEL_FORMAT_INVALID");
    expect(error.message).toContain("there is no saved_model.pb");
  });

  it("says which tags exist when none match", async () => {
    const error = await readError(await freshModel(), ["train"]);
    expect(error.code).toBe("MODEL_FORMAT_INVALID");
    expect(error.message).toContain("no meta graph has the tags [train] (meta graphs: [serve])");
  });

  it("names a missing data shard", async () => {
    const dir = await freshModel();
    await rm(join(dir, "variables", "variables.data-00000-of-00001"));
    const error = await readError(dir);
    expect(error.code).toBe("MODEL_CORRUPT");
    expect(error.message).toMatch(/^variables\/variables\.data-00000-of-00001: the file is missing/);
  });

  it("reports a variable checksum mismatch", async () => {
    const dir = await freshModel();
    // weights follow the 8-byte intercept; flip a byte of the second weight
    await patch(join(dir, "variables", "variables.data-00000-of-00001"), (b) => {
      b[17] = (b[17] as number) ^ 0x40;
      return b;
    });
    const error = await readError(dir);
    expect(error.code).toBe("MODEL_CORRUPT");
    expect(error.message).toContain('checksum mismatch for variable "weights" at offset 8');
  });

  it("reports a block checksum mismatch with the block offset", async () => {
    const dir = await freshModel();
    await patch(join(dir, "variables", "variables.index"), (b) => {
      b[3] = (b[3] as number) ^ 1;
      return b;
    });
    const error = await readError(dir);
    expect(error.code).toBe("MODEL_CORRUPT");
    expect(error.message).toMatch(/^variables\/variables\.index: block checksum mismatch at offset 0/);
  });

  it("reports a bad table magic number", async () => {
    const dir = await freshModel();
    await patch(join(dir, "variables", "variables.index"), (b) => {
      b[b.length - 1] = 0;
      return b;
    });
    expect((await readError(dir)).message).toContain("bad table magic number");
  });

  it("reports where saved_model.pb is cut short", async () => {
    const dir = await freshModel();
    await patch(join(dir, "saved_model.pb"), (b) => b.subarray(0, 5012));
    const error = await readError(dir);
    expect(error.code).toBe("MODEL_CORRUPT");
    expect(error.message).toMatch(/^saved_model\.pb: (truncated|length \d+ at byte \d+ runs past the end)/);
  });

  it("refuses a graph that reads variables when variables/ is missing", async () => {
    const dir = await freshModel();
    await rm(join(dir, "variables"), { recursive: true });
    const error = await readError(dir);
    expect(error.code).toBe("MODEL_CORRUPT");
    expect(error.message).toMatch(
      /^variables\/variables\.index: missing, but the graph reads variable "weights"/,
    );
  });

  it("refuses an asset name that leaves assets/", async () => {
    const dir = join(root, "escape");
    const { metaGraph, variables } = linearRegContents(spec);
    const first = metaGraph.assetFiles[0];
    if (first) first.filename = "../saved_model.pb";
    await writeSavedModel(dir, { metaGraph, variables });
    const error = await readError(dir);
    expect(error.code).toBe("MODEL_FORMAT_INVALID");
    expect(error.message).toContain('asset file name "../saved_model.pb" is not a plain name under assets/');
  });

  it("logs what it read through the given logger", async () => {
    const records: { message: string; fields?: Record<string, unknown> }[] = [];
    const push = (message: string, fields?: Record<string, unknown>) => {
      records.push({ message, fields });
    };
    await readSavedModel(await freshModel(), {
      logger: { debug: push, info: push, warn: push, error: push },
    });
    expect(records).toHaveLength(1);
    expect(records[0]?.fields).toMatchObject({ variables: 2, assets: 1, tensorflowVersion: "2.21.0" });
  });
});
