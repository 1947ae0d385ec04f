import type { MetaGraph } from "../../savedmodel/types.js";
import { parseTensorName } from "../graph/endpoints.js";

/** The TF2 signature that only names the init op; not a servable signature. */
export const INIT_OP_SIGNATURE = "__saved_model_init_op";

function nodeNames(values: readonly string[]): string[] {
  return values.map((v) => parseTensorName(v.replace(/^\^/, "")).node);
}

/**
 * The nodes TF runs once after restoring variables: saved_model_main_op (or legacy_init_op), else the
 * TF2 init signature's op, else the table initializers.
 */
export function initTargets(meta: MetaGraph): string[] {
  const main = meta.collections.saved_model_main_op ?? meta.collections.legacy_init_op;
  if (main && main.length > 0) return nodeNames(main);
  const initSignature = meta.signatures[INIT_OP_SIGNATURE]?.outputs[INIT_OP_SIGNATURE]?.name;
  if (initSignature) return nodeNames([initSignature]);
  return nodeNames(meta.collections.table_initializer ?? []);
}
