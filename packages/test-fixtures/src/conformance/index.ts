export { describeTfServingConformance } from "./describe-conformance.js";
export { boosterConformanceModel } from "./booster-model.js";
export type { BoosterDescription } from "./booster-model.js";
export { PREDICT_METHOD, TIP_MODEL } from "./model.js";
export type { ConformanceModel, ConformanceTensor, Instance } from "./model.js";
export { SEED_INSTANCE, send as sendToTarget, TIP_INPUTS } from "./target.js";
export type { Answer, ConformanceTarget } from "./target.js";
