import { BqdeployError } from "../errors/index.js";

const f = Math.fround;

/** How an objective turns margins into predictions, with XGBoost's float32 arithmetic. */
export interface Objective {
  name: string;
  /** "softmax" for multi:* (one probability per group); "scalar" applies `transform` to each margin. */
  kind: "scalar" | "softmax";
  transform(margin: number): number;
  /** XGBoost's ProbToMargin: base_score as given by the user -> the starting margin. */
  probToMargin(p: number): number;
}

const identity = (x: number): number => f(x);

/** XGBoost's common::Sigmoid: 1 / (1 + expf(-x)), with -x capped at 88.7 so expf cannot overflow. */
export function sigmoid(x: number): number {
  const e = f(Math.exp(f(Math.min(-x, f(88.7)))));
  return f(1 / f(e + 1));
}

const logit = (p: number): number => f(-Math.log(f(f(1 / p) - 1)));
const exp = (x: number): number => f(Math.exp(x));
const log = (p: number): number => f(Math.log(p));

const scalar = (
  name: string,
  transform: (x: number) => number,
  probToMargin: (p: number) => number,
): Objective => ({
  name,
  kind: "scalar",
  transform,
  probToMargin,
});

const OBJECTIVES: Record<string, Objective> = {};
for (const name of [
  "reg:linear",
  "reg:squarederror",
  "reg:squaredlogerror",
  "reg:pseudohubererror",
  "reg:absoluteerror",
]) {
  OBJECTIVES[name] = scalar(name, identity, identity);
}
for (const name of ["reg:logistic", "binary:logistic"]) OBJECTIVES[name] = scalar(name, sigmoid, logit);
OBJECTIVES["binary:logitraw"] = scalar("binary:logitraw", identity, logit);
for (const name of ["count:poisson", "reg:gamma", "reg:tweedie", "survival:cox", "survival:aft"]) {
  OBJECTIVES[name] = scalar(name, exp, log);
}
for (const name of ["multi:softprob", "multi:softmax"]) {
  OBJECTIVES[name] = { name, kind: "softmax", transform: identity, probToMargin: identity };
}

/** The objective named in model.bst, or a MODEL_FORMAT_INVALID error listing the supported ones. */
export function objectiveFor(name: string, fileName = "model.bst"): Objective {
  const objective = OBJECTIVES[name];
  if (!objective) {
    throw new BqdeployError(
      "MODEL_FORMAT_INVALID",
      `${fileName}: objective "${name}" is not supported; supported: ${Object.keys(OBJECTIVES).join(", ")}.`,
      { details: { file: fileName, objective: name } },
    );
  }
  return objective;
}

/**
 * The starting margin from the stored base_score, as XGBoost >= 1.0 computes it on loading a legacy
 * binary model: files written before 1.0 (major version 0) stored base_score already on the margin
 * scale, so for non-multi objectives XGBoost first applies the prediction transform and then
 * ProbToMargin (a float32 round trip); newer files store the probability-scale value.
 */
export function baseMargin(objective: Objective, baseScore: number, majorVersion: number): number {
  if (majorVersion < 1 && objective.kind === "scalar") {
    return objective.probToMargin(objective.transform(baseScore));
  }
  return objective.probToMargin(baseScore);
}

/**
 * XGBoost's Softmax over one row's margins in place: float32 exp of (x - max), the sum in double,
 * each value divided by the sum rounded to float32.
 */
export function softmaxInPlace(values: Float32Array, start: number, count: number): void {
  let max = values[start]!;
  for (let i = 1; i < count; i++) max = Math.max(max, values[start + i]!);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const e = f(Math.exp(f(values[start + i]! - max)));
    values[start + i] = e;
    sum += e;
  }
  const total = f(sum);
  for (let i = 0; i < count; i++) values[start + i] = values[start + i]! / total;
}
