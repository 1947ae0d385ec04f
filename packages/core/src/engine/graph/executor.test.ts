import { describe, expect, it } from "vitest";
import { isBqdeployError } from "../../errors/index.js";
import { createSavedModelServable } from "../model/saved-model-servable.js";
import { attr, bundleOf, f64, node, placeholder } from "../testing/graph-builder.js";

describe("kernel errors at request time", () => {
  it("are INVALID_ARGUMENT with TF's text and the failing node appended", async () => {
    const servable = createSavedModelServable(
      bundleOf({
        nodes: [
          placeholder("a", "DT_DOUBLE", null),
          placeholder("b", "DT_DOUBLE", null),
          node("sum", "AddV2", ["a", "b"], { T: attr.type("DT_DOUBLE") }),
        ],
        inputs: {
          a: { name: "a:0", dtype: "DT_DOUBLE", shape: null },
          b: { name: "b:0", dtype: "DT_DOUBLE", shape: null },
        },
        outputs: { sum: { name: "sum:0", dtype: "DT_DOUBLE", shape: null } },
      }),
    );
    const error = await servable
      .run("serving_default", { a: f64([2], [1, 2]), b: f64([3], [1, 2, 3]) }, ["sum"])
      .catch((e: unknown) => e);
    expect(isBqdeployError(error) && error.code).toBe("INVALID_ARGUMENT");
    expect((error as Error).message).toBe("Incompatible shapes: [2] vs. [3]\n\t [[{{node sum}}]]");
    const ok = await servable.run("serving_default", { a: f64([2], [1, 2]), b: f64([], [10]) }, ["sum"]);
    expect(Array.from(ok.sum!.data as Float64Array)).toEqual([11, 12]);
  });

  it("fail loudly for an unfed placeholder with TF's message", async () => {
    const servable = createSavedModelServable(
      bundleOf({
        nodes: [
          placeholder("a", "DT_DOUBLE"),
          placeholder("hidden", "DT_DOUBLE"),
          node("sum", "AddV2", ["a", "hidden"]),
        ],
        inputs: { a: { name: "a:0", dtype: "DT_DOUBLE", shape: [-1] } },
        outputs: { sum: { name: "sum:0", dtype: "DT_DOUBLE", shape: [-1] } },
      }),
    );
    await expect(servable.run("serving_default", { a: f64([1], [1]) }, ["sum"])).rejects.toThrow(
      "You must feed a value for placeholder tensor 'hidden' with dtype double and shape [?]",
    );
  });
});
