import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildDnnClassifierModel,
  buildLinearRegModel,
  buildLogisticRegModel,
  closedFormDnn,
  closedFormLinear,
  closedFormLogistic,
  type FeatureSpec,
  inputWidth,
  seededRandom,
} from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSavedModel } from "../../savedmodel/index.js";
import type { Tensor } from "../../protocol/tensor.js";
import { defaultKernels } from "../kernels/default-kernels.js";
import { GraphSession } from "../model/graph-session.js";
import { initTargets } from "../model/init-targets.js";
import { rowsOf, rowTensors } from "../testing/row-tensors.js";
import type { ExecutionPlan } from "./plan.js";

// Small requests run through plans specialised to their feed shapes (shape arithmetic pre-computed).
// Many requests of the same shapes but different data, including a varying number of '' (which
// changes the data-dependent shapes inside the graph: Where, GatherNd), must all match the closed form.

const FEATURES: FeatureSpec[] = [
  { name: "city", kind: "string", vocabulary: ["_null_filler", "a", "b", "c"] },
  { name: "fare", kind: "numeric", dtype: "DT_DOUBLE" },
  { name: "kind", kind: "string", vocabulary: ["x", "y"] },
];

type Row = Record<string, string | number>;

function row(next: () => number): Row {
  return {
    city: ["a", "b", "c", "", "zz"][Math.floor(next() * 5)]!,
    fare: (next() - 0.4) * 50,
    kind: ["x", "y", "", "other"][Math.floor(next() * 4)]!,
  };
}

/** Loads a model dir into a session and its signature plan, as the servable does. */
async function planned(dir: string, signatureName: string) {
  const bundle = await readSavedModel(dir);
  const session = new GraphSession(bundle, defaultKernels());
  const unsupported = new Map();
  const init = session.plan("init", [], [], unsupported, initTargets(bundle.metaGraph));
  if (init) session.run(init);
  const signature = bundle.metaGraph.signatures[signatureName]!;
  const inputKeys = Object.keys(signature.inputs).sort();
  const outputKeys = Object.keys(signature.outputs).sort();
  const plan = session.plan(
    "test",
    inputKeys.map((k) => signature.inputs[k]!.name ?? k),
    outputKeys.map((k) => signature.outputs[k]!.name ?? k),
    unsupported,
  ) as ExecutionPlan;
  const spec = {
    inputs: Object.fromEntries(inputKeys.map((k) => [k, { dtype: signature.inputs[k]!.dtype }])),
  } as never;
  const run = (rows: Row[]): Record<string, Tensor> => {
    const tensors = rowTensors(spec, rows);
    const values = session.runRecycling(
      plan,
      inputKeys.map((k) => tensors[k]!),
    );
    return Object.fromEntries(outputKeys.map((k, i) => [k, values[i]!]));
  };
  return { plan, run };
}

const close = (a: number, e: number, tolerance: number): boolean =>
  Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "bqdeploy-specialize-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("plans specialised to request shapes", () => {
  it("linear_reg: 60 requests of 1 and 3 rows agree with the closed form; shape steps are pre-computed", async () => {
    const next = seededRandom(5);
    const spec = {
      features: FEATURES,
      weights: Array.from({ length: inputWidth(FEATURES) }, () => next() * 4 - 2),
      intercept: -0.75,
    };
    const dir = join(root, "linear");
    await buildLinearRegModel(dir, spec);
    const { plan, run } = await planned(dir, "serving_default");
    for (let request = 0; request < 60; request++) {
      const rows = Array.from({ length: request % 2 === 0 ? 1 : 3 }, () => row(next));
      const out = run(rows).predicted_label!;
      rowsOf(out).forEach((r, i) => {
        const expected = closedFormLinear(spec, rows[i]!);
        if (!close((r as number[])[0]!, expected, 1e-9))
          throw new Error(`request ${request} row ${i}: ${r} vs ${expected} (${JSON.stringify(rows[i])})`);
      });
    }
    const made = plan.byShape.plansForDebug();
    expect([...made.keys()].sort()).toEqual(["1;1;1", "3;3;3"]);
    for (const specialised of made.values()) expect(specialised.steps.length).toBeLessThan(plan.steps.length);
    // One row: each string feature's chain (Where, GatherNd, lookup, ...) is one memoised step.
    const one = made.get("1;1;1")!;
    expect(one.steps.filter((s) => s.ctx.op === "FeedMemo")).toHaveLength(2);
    expect(one.steps.some((s) => s.ctx.op === "Where" || s.ctx.op === "LookupTableFindV2")).toBe(false);
    expect(made.get("3;3;3")!.steps.some((s) => s.ctx.op === "Where")).toBe(true);
    // Numeric features' ExpandDims -> Cast -> Reshape have known shapes: one Cast of the feed itself.
    expect(one.steps.some((s) => s.ctx.op === "ExpandDims" || s.ctx.op === "Reshape")).toBe(false);
    const feeds = new Set(one.feedSlots);
    expect(one.steps.some((s) => s.ctx.op === "Cast" && feeds.has(s.inputSlots[0]!))).toBe(true);
    for (const specialised of made.values())
      expect(specialised.steps.some((s) => s.ctx.op === "Shape")).toBe(false);
  });

  it("logistic_reg: 60 requests agree with the closed form", async () => {
    const next = seededRandom(6);
    const classes = ["a", "b", "c"];
    const spec = {
      features: FEATURES,
      classes,
      weights: classes.map(() => Array.from({ length: inputWidth(FEATURES) }, () => next() - 0.5)),
      intercepts: classes.map(() => next() - 0.5),
    };
    const dir = join(root, "logistic");
    await buildLogisticRegModel(dir, spec);
    const { plan, run } = await planned(dir, "serving_default");
    for (let request = 0; request < 60; request++) {
      const rows = Array.from({ length: 1 + (request % 3) }, () => row(next));
      const out = run(rows);
      const probs = rowsOf(out.label_probs!);
      rows.forEach((r, i) => {
        const expected = closedFormLogistic(spec, r);
        const p = probs[i] as number[];
        if (!p.every((x, k) => close(x, expected.probs[k]!, 1e-9)))
          throw new Error(`request ${request}: ${p}`);
        expect(rowsOf(out.predicted_label!)[i]).toEqual([expected.predicted]);
      });
    }
    expect(plan.byShape.plansForDebug().size).toBe(3);
  });

  it("dnn_classifier: 40 requests agree with the closed-form forward pass", async () => {
    const next = seededRandom(7);
    const features: FeatureSpec[] = [FEATURES[0]!, FEATURES[1]!];
    const layer = (inputs: number, units: number) => ({
      weights: Array.from({ length: inputs * units }, () => next() * 2 - 1),
      biases: Array.from({ length: units }, () => next() - 0.5),
    });
    const spec = {
      features,
      hidden: [layer(inputWidth(features), 4)],
      logits: layer(4, 3),
      classes: ["p", "q", "r"],
    };
    const dir = join(root, "dnn");
    await buildDnnClassifierModel(dir, spec);
    const { run } = await planned(dir, "predict");
    for (let request = 0; request < 40; request++) {
      const rows = Array.from({ length: 1 + (request % 2) }, () => ({
        city: ["a", "b", "c", "unknown"][Math.floor(next() * 4)]!,
        fare: (next() - 0.5) * 10,
      }));
      const out = run(rows);
      rows.forEach((r, i) => {
        const expected = closedFormDnn(spec, r);
        const p = rowsOf(out.probabilities!)[i] as number[];
        if (!expected.probabilities.every((e, k) => close(p[k]!, e, 1e-6))) throw new Error(`${p}`);
        expect(rowsOf(out.class_ids!)[i]).toEqual([expected.classIds]);
      });
    }
  });
});

describe("memoised string features (one-row requests)", () => {
  it("repeated, new and never-seen values all agree with the closed form, before and after the memo gives up", async () => {
    const next = seededRandom(8);
    const spec = {
      features: FEATURES,
      weights: Array.from({ length: inputWidth(FEATURES) }, () => next() * 4 - 2),
      intercept: 0.5,
    };
    const dir = join(root, "memo");
    await buildLinearRegModel(dir, spec);
    const { plan, run } = await planned(dir, "serving_default");
    const check = (r: Row, label: string): void => {
      const got = (rowsOf(run([r]).predicted_label!)[0] as number[])[0]!;
      const expected = closedFormLinear(spec, r);
      if (!close(got, expected, 1e-9))
        throw new Error(`${label}: ${got} vs ${expected} (${JSON.stringify(r)})`);
    };
    // Few distinct values, many times over: mostly memo hits.
    for (let i = 0; i < 300; i++) check(row(next), `repeated ${i}`);
    const memos = plan.byShape
      .plansForDebug()
      .get("1;1;1")!
      .steps.filter((s) => s.ctx.op === "FeedMemo");
    expect(memos).toHaveLength(2);
    // Thousands of distinct values (all out of vocabulary): the memo fills, starts over, then stops caching.
    for (let i = 0; i < 5000; i++)
      check({ city: `city-${i}`, fare: next() * 10, kind: `k${i % 7}` }, `distinct ${i}`);
    // And known values still come out right afterwards.
    for (let i = 0; i < 100; i++) check(row(next), `after ${i}`);
  });
});
