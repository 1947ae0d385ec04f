import { describe, expect, it } from "vitest";
import { baseMargin, objectiveFor, sigmoid, softmaxInPlace } from "./objective.js";

describe("objectives", () => {
  it("transforms margins in float32 as XGBoost does", () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-200)).toBe(Math.fround(1 / (1 + Math.fround(Math.exp(Math.fround(88.7))))));
    expect(sigmoid(1)).toBe(Math.fround(1 / Math.fround(Math.fround(Math.exp(-1)) + 1)));
    expect(objectiveFor("survival:cox").transform(1)).toBe(Math.fround(Math.E));
    expect(objectiveFor("survival:aft").transform(0)).toBe(1);
    expect(objectiveFor("reg:linear").transform(0.1)).toBe(Math.fround(0.1));
    const p = Float32Array.of(1, 2, 3);
    softmaxInPlace(p, 0, 3);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 6);
    expect(p[2]).toBeCloseTo(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 6);
  });

  it("derives the starting margin from base_score by the file's version", () => {
    const logistic = objectiveFor("binary:logistic");
    // Before 1.0 base_score is stored as a margin: kept (through a float32 round trip).
    // (XGBoost gets -0 here too: -logf(1).)
    expect(baseMargin(logistic, 0, 0) === 0).toBe(true);
    expect(baseMargin(logistic, Math.fround(0.3), 0)).toBeCloseTo(0.3, 6);
    // From 1.0 it is a probability: logit(0.3).
    expect(baseMargin(logistic, Math.fround(0.3), 1)).toBeCloseTo(Math.log(0.3 / 0.7), 6);
    expect(baseMargin(objectiveFor("survival:cox"), 0.5, 1)).toBe(Math.fround(Math.log(0.5)));
    expect(baseMargin(objectiveFor("multi:softprob"), 0.5, 0)).toBe(0.5);
  });

  it("names the supported objectives when a model uses another", () => {
    expect(() => objectiveFor("rank:pairwise")).toThrow(
      /objective "rank:pairwise" is not supported; supported: reg:linear, .*survival:aft/,
    );
  });
});
