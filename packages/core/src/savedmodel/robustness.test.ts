import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildLogisticRegModel, haveSharedModels, sharedModel, seededRandom } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBqdeployError } from "../errors/index.js";
import { readSavedModel } from "./read-saved-model.js";

type Outcome = ({ kind: "ok" } | { kind: "error"; code: string; message: string }) & { at: number };
type Variant = { bytes: Uint8Array; at: number };

const CASES = 100;
const MODEL_CODES = ["MODEL_CORRUPT", "MODEL_FORMAT_INVALID"];

/**
 * Replaces `file` in `dir` by each damaged version in turn and reads the model; puts the original
 * back afterwards. Returns the outcomes and the slowest read.
 */
async function damage(
  dir: string,
  file: string,
  variants: (original: Uint8Array, next: () => number) => Variant[],
  seed: number,
): Promise<{ outcomes: Outcome[]; slowest: number }> {
  const path = join(dir, file);
  const original = new Uint8Array(await readFile(path));
  const outcomes: Outcome[] = [];
  let slowest = 0;
  try {
    for (const { bytes, at } of variants(original, seededRandom(seed))) {
      await writeFile(path, bytes);
      const started = performance.now();
      try {
        await readSavedModel(dir);
        outcomes.push({ kind: "ok", at });
      } catch (error) {
        if (!isBqdeployError(error))
          throw new Error(`${file} damaged at ${at}: non-BqdeployError ${String(error)}`);
        outcomes.push({ kind: "error", code: error.code, message: error.message, at });
      }
      slowest = Math.max(slowest, performance.now() - started);
    }
  } finally {
    await writeFile(path, original);
  }
  return { outcomes, slowest };
}

const truncations = (original: Uint8Array, next: () => number): Variant[] =>
  Array.from({ length: CASES }, () => {
    const at = Math.floor(next() * original.length);
    return { bytes: original.subarray(0, at), at };
  });

const flips = (original: Uint8Array, next: () => number): Variant[] =>
  Array.from({ length: CASES }, () => {
    const bytes = new Uint8Array(original);
    const at = Math.floor(next() * bytes.length);
    bytes[at] = (bytes[at] as number) ^ (1 + Math.floor(next() * 255));
    return { bytes, at };
  });

/**
 * In an SSTable only the footer's padding (between the handles and the magic number) is covered by
 * no checksum and read by nobody: flips there may read fine, anywhere else they must not.
 */
async function footerPadding(path: string): Promise<[number, number]> {
  const size = (await readFile(path)).length;
  return [size - 48, size - 8];
}

function expectIndexFlipsCaught(outcomes: Outcome[], [from, to]: [number, number]): void {
  for (const o of outcomes) {
    if (o.kind === "ok") {
      expect(o.at).toBeGreaterThanOrEqual(from);
      expect(o.at).toBeLessThan(to);
    } else expect(o.code).toBe("MODEL_CORRUPT");
  }
}

function expectOnlyModelErrors(outcomes: Outcome[], file: string): void {
  for (const outcome of outcomes) {
    if (outcome.kind === "ok") continue;
    expect(MODEL_CODES).toContain(outcome.code);
    expect(outcome.message).toMatch(/saved_model\.pb|variables\/|assets\//);
  }
  expect(outcomes.length, file).toBe(CASES);
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "bqdeploy-damage-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const FILES = ["saved_model.pb", "variables/variables.index", "variables/variables.data-00000-of-00001"];

describe.runIf(haveSharedModels("SavedModel reader robustness on a real export"))("damaged tip_model", () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(root, "tip_model");
    await cp(sharedModel("tip_model/tf2.21"), dir, { recursive: true });
  });

  it.each(FILES)("every truncation of %s is a model error, never a crash or a hang", async (file) => {
    const { outcomes, slowest } = await damage(dir, file, truncations, 1);
    expectOnlyModelErrors(outcomes, file);
    expect(outcomes.filter((o) => o.kind === "ok")).toHaveLength(0);
    expect(slowest).toBeLessThan(2000);
  });

  it.each(FILES)("random byte flips in %s give a model error or a valid read", async (file) => {
    const { outcomes, slowest } = await damage(dir, file, flips, 2);
    expectOnlyModelErrors(outcomes, file);
    expect(slowest).toBeLessThan(2000);
    // Variables carry checksums: a flipped byte there never reads back silently.
    if (file.endsWith(".index")) expectIndexFlipsCaught(outcomes, await footerPadding(join(dir, file)));
    if (file.includes(".data-"))
      expect(outcomes.every((o) => o.kind === "error" && o.code === "MODEL_CORRUPT")).toBe(true);
  });
});

describe("damaged Snappy-compressed index (built model)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(root, "snappy");
    await buildLogisticRegModel(
      dir,
      {
        features: [
          { name: "colour", kind: "string", vocabulary: ["red", "green", "blue"] },
          { name: "size", kind: "numeric", dtype: "DT_FLOAT" },
        ],
        classes: ["x", "y", "z"],
        weights: [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
          [9, 10, 11, 12],
        ],
        intercepts: [0.1, 0.2, 0.3],
      },
      { bundle: { compression: "snappy", blockSize: 32 } },
    );
    await readSavedModel(dir);
  });

  it("every truncation and flip of variables.index is caught as MODEL_CORRUPT", async () => {
    const file = "variables/variables.index";
    const cut = await damage(dir, file, truncations, 3);
    expect(cut.outcomes.every((o) => o.kind === "error" && o.code === "MODEL_CORRUPT")).toBe(true);
    const flipped = await damage(dir, file, flips, 4);
    expectIndexFlipsCaught(flipped.outcomes, await footerPadding(join(dir, file)));
    expect(Math.max(cut.slowest, flipped.slowest)).toBeLessThan(2000);
  });
});
