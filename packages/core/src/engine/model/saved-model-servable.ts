import { type Logger, silentLogger } from "../../logging/index.js";
import type { Servable, SignatureSpec } from "../../protocol/servable.js";
import type { Tensor } from "../../protocol/tensor.js";
import type { SavedModelBundle } from "../../savedmodel/types.js";
import type { UnsupportedSink } from "../graph/planner.js";
import { defaultKernels } from "../kernels/default-kernels.js";
import type { KernelRegistry } from "../kernels/registry.js";
import { invalidArgument } from "../tensor/errors.js";
import { GraphSession } from "./graph-session.js";
import { initTargets } from "./init-targets.js";
import { SignatureRunner } from "./signature-runner.js";
import { signatureSpecs } from "./signature-specs.js";
import { unsupportedOpsError } from "./unsupported-ops.js";

export interface SavedModelServableOptions {
  logger?: Logger;
  /** Kernels to use (default: defaultKernels()); pass an extended registry to add ops. */
  kernels?: KernelRegistry;
}

/**
 * Makes a Servable from a read SavedModel: binds variables, plans every signature (an op without a
 * kernel anywhere on a needed path fails here with UNSUPPORTED_OP, listing all of them), then runs the
 * init op once (lookup tables from assets/).
 */
export function createSavedModelServable(
  bundle: SavedModelBundle,
  options: SavedModelServableOptions = {},
): Servable {
  const logger = options.logger ?? silentLogger;
  const session = new GraphSession(bundle, options.kernels ?? defaultKernels());
  const meta = bundle.metaGraph;
  const signatures: Record<string, SignatureSpec> = signatureSpecs(meta.signatures, logger);
  const unsupported: UnsupportedSink = new Map();
  const targets = initTargets(meta);
  const initPlan = targets.length > 0 ? session.plan("init op", [], [], unsupported, targets) : undefined;
  const runners = new Map<string, SignatureRunner>();
  for (const [name, spec] of Object.entries(signatures)) {
    const runner = new SignatureRunner(name, spec, session);
    runner.prepare(unsupported);
    runners.set(name, runner);
  }
  if (unsupported.size > 0) throw unsupportedOpsError(bundle.dir, unsupported);
  if (initPlan) session.run(initPlan);
  logger.debug("SavedModel ready", { dir: bundle.dir, signatures: Object.keys(signatures), init: targets });
  const runNow = (signatureName: string, inputs: Record<string, Tensor>, outputKeys: readonly string[]) => {
    const runner = runners.get(signatureName);
    if (!runner)
      throw invalidArgument(`Serving signature name: "${signatureName}" not found in signature def`);
    return runner.run(inputs, outputKeys);
  };
  return {
    signatures,
    runNow,
    async run(signatureName: string, inputs: Record<string, Tensor>, outputKeys: readonly string[]) {
      return runNow(signatureName, inputs, outputKeys);
    },
  };
}
