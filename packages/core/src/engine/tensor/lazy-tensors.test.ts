import { describe, expect, it } from "vitest";
import { concat } from "../kernels/concat.js";
import { equality, selectV2 } from "../kernels/elementwise.js";
import { LookupTable } from "../kernels/lookup-table.js";
import { bool, i64, str } from "../testing/graph-builder.js";
import { runOp, values } from "../testing/run-kernel.js";
import { PatchedTensor } from "./patched-tensor.js";
import { SplatTensor } from "./splat-tensor.js";
import { reshapeView } from "./views.js";

describe("lazy forms give the same values as their dense equivalents", () => {
  const words = str([4], ["a", "", "b", ""]);
  const blank = equality(words, str([], [""]), false);
  const replacement = runOp("Tile", [str([1], ["<empty>"]), i64([1], [4])])[0]!;

  it("Tile of one element is a splat; SelectV2 over it patches without copying", () => {
    const splat = new SplatTensor("DT_STRING", [4], "<empty>");
    expect(values(replacement)).toEqual(["<empty>", "<empty>", "<empty>", "<empty>"]);
    const selected = selectV2(blank, splat, words);
    expect(selected).toBeInstanceOf(PatchedTensor);
    expect(values(selected)).toEqual(["a", "<empty>", "b", "<empty>"]);
    expect((selected as PatchedTensor).base).toBe(words.data);
  });

  it("returns the input itself when nothing is selected", () => {
    const none = bool([4], [false, false, false, false]);
    expect(selectV2(none, new SplatTensor("DT_STRING", [4], "x"), words).data).toBe(words.data);
  });

  it("equality, lookups, reshapes and generic kernels agree on a patched tensor", () => {
    const patched = selectV2(blank, new SplatTensor("DT_STRING", [4], "<empty>"), words);
    const column = reshapeView(patched, [4, 1]);
    expect(column).toBeInstanceOf(PatchedTensor);
    expect(values(equality(column, str([], [""]), true))).toEqual([1, 1, 1, 1]);
    expect(values(equality(column, str([], ["<empty>"]), false))).toEqual([0, 1, 0, 1]);
    const table = new LookupTable("t", "DT_STRING", "DT_INT64");
    table.insert("<empty>", 7);
    table.insert("b", 1);
    table.initialized = true;
    expect(values(table.find(patched, i64([], [-1])))).toEqual([-1, 7, 1, 7]);
    const joined = concat([column, str([4, 1], ["1", "2", "3", "4"])], 1);
    expect(values(joined)).toEqual(["a", "1", "<empty>", "2", "b", "3", "<empty>", "4"]);
  });
});
