import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sharedModel } from "./locate.js";

/**
 * A temporary model repository of the shared real exports, as the conformance suite expects it:
 * tip_model versions 1 and 2 (both served; label stable -> 1, in models.config) and iris version 1.
 * Returns its path; the caller removes it. Needs ../shared/models (see haveSharedModels).
 */
export function sharedConformanceRepository(prefix = "bqdeploy-conformance-"): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const v of ["1", "2"])
    cpSync(sharedModel("tip_model/tf2.21"), join(root, "tip_model", v), { recursive: true });
  cpSync(sharedModel("iris_logistic_reg"), join(root, "iris", "1"), { recursive: true });
  writeFileSync(
    join(root, "models.config"),
    `model_config_list {
  config { name: 'tip_model' base_path: '/models/tip_model' model_platform: 'tensorflow'
    model_version_policy { specific { versions: 1 versions: 2 } }
    version_labels { key: 'stable' value: 1 } }
  config { name: 'iris' base_path: '/models/iris' model_platform: 'tensorflow' }
}
`,
  );
  return root;
}
