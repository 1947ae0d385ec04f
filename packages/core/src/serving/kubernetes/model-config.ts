import { formatModelsConfig } from "../../repository/index.js";
import type { PlannedModel } from "./render-plan.js";

/** TF Serving's models.config for the planned models (written by the repository's formatter). */
export function renderModelConfig(models: readonly PlannedModel[]): string {
  return formatModelsConfig({
    models: models.map((m) => ({
      name: m.name,
      basePath: m.basePath,
      modelPlatform: "tensorflow",
      ...(m.versionPolicy ? { versionPolicy: m.versionPolicy } : {}),
      versionLabels: m.labels,
    })),
  });
}
