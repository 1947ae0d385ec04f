import { BqdeployError } from "../../errors/index.js";
import type { UnsupportedSink } from "../graph/planner.js";

/** The load-time error for ops the engine cannot run, listing every one of them. */
export function unsupportedOpsError(dir: string, unsupported: UnsupportedSink): BqdeployError {
  const ops = [...unsupported.keys()].sort();
  const nodes = Object.fromEntries(ops.map((op) => [op, [...unsupported.get(op)!].sort()]));
  return new BqdeployError(
    "UNSUPPORTED_OP",
    `The embedded engine cannot run the model in ${dir}: it uses TensorFlow ops it does not implement: ${ops.join(", ")}. ` +
      "Serve this model with the docker runtime (tensorflow/serving), or ask for these ops to be added to the engine.",
    { details: { ops, nodes } },
  );
}
