import { describe, expect, it } from "vitest";
import { BufferArena, float64Storage, inArena, isRecycledStorage, outsideArena } from "./arena.js";

describe("BufferArena", () => {
  it("hands the storage of a finished run to the next run, zeroed", () => {
    const arena = new BufferArena();
    const first = inArena(arena, () => float64Storage(1000));
    first.fill(7);
    arena.recycle(new Set());
    const second = inArena(arena, () => float64Storage(1000));
    expect(second).toBe(first);
    expect(second.every((x) => x === 0)).toBe(true);
  });

  it("never hands out storage the run's results kept", () => {
    const arena = new BufferArena();
    const kept = inArena(arena, () => float64Storage(1000));
    kept.fill(3);
    arena.recycle(new Set([kept.buffer]));
    const next = inArena(arena, () => float64Storage(1000));
    expect(next).not.toBe(kept);
    expect(kept.every((x) => x === 3)).toBe(true);
  });

  it("drops what a failed run was given", () => {
    const arena = new BufferArena();
    const lost = inArena(arena, () => float64Storage(1000));
    arena.abandon();
    arena.recycle(new Set());
    expect(inArena(arena, () => float64Storage(1000))).not.toBe(lost);
  });

  it("serves small arrays, and allocations outside a run or under outsideArena, from V8 directly", () => {
    const arena = new BufferArena();
    const small = inArena(arena, () => float64Storage(8));
    const planned = inArena(arena, () => outsideArena(() => float64Storage(1000)));
    const loose = float64Storage(1000);
    arena.recycle(new Set());
    expect(isRecycledStorage(small)).toBe(false);
    expect(isRecycledStorage(planned)).toBe(false);
    expect(isRecycledStorage(loose)).toBe(false);
    expect(inArena(arena, () => float64Storage(1000))).not.toBe(planned);
  });

  it("keeps at most 64 MiB free, oldest sizes first", () => {
    const arena = new BufferArena();
    const big = inArena(arena, () => [float64Storage(5_000_000), float64Storage(5_000_000)]);
    arena.recycle(new Set());
    const other = inArena(arena, () => float64Storage(2_000));
    arena.recycle(new Set());
    // 80 MB of the first size exceeded the limit: that size was dropped, the newer one stayed.
    expect(inArena(arena, () => float64Storage(5_000_000)) === big[0]).toBe(false);
    expect(inArena(arena, () => float64Storage(2_000)) === other).toBe(true);
  });
});

describe("lazy tensors in an arena run", () => {
  it("cache a dense form that is never recycled (a lazy tensor can be a plan constant)", async () => {
    const { SplatTensor } = await import("./splat-tensor.js");
    const constant = new SplatTensor("DT_DOUBLE", [1000], 2.5);
    const arena = new BufferArena();
    const dense = inArena(arena, () => constant.data) as Float64Array;
    arena.recycle(new Set());
    expect(isRecycledStorage(dense)).toBe(false);
    const next = inArena(arena, () => float64Storage(1000));
    expect(next === dense).toBe(false);
    expect(constant.data.every((x) => x === 2.5)).toBe(true);
  });
});
