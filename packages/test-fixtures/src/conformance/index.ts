export { describeTfServingConformance } from "./describe-conformance.js";
export { SEED_INSTANCE, send as sendToTarget, TIP_INPUTS } from "./target.js";
export type { Answer, ConformanceTarget } from "./target.js";
