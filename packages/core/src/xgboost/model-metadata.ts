import * as z from "zod";
import { BqdeployError } from "../errors/index.js";

/** The encode types BigQuery ML writes in model_metadata.json ("ohe" and "mhe" are the older names). */
export const ENCODE_TYPES = [
  "numerical_identity",
  "categorical_one_hot",
  "categorical_target",
  "categorical_label",
  "ohe",
  "array_one_hot",
  "mhe",
  "array_target",
  "array_struct",
  "array_numerical",
] as const;

const featureSchema = z
  .object({
    encode_type: z.union([z.enum(ENCODE_TYPES), z.literal(""), z.null()]).optional(),
    mean: z.number().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    std: z.number().optional(),
  })
  .loose();

const MODEL_TYPES = [
  "boosted_tree_regressor",
  "boosted_tree_classifier",
  "random_forest_regressor",
  "random_forest_classifier",
] as const;

const metadataSchema = z
  .object({
    model_type: z.enum(MODEL_TYPES),
    label_col: z.string().min(1),
    class_names: z.array(z.string()).min(1).optional(),
    feature_names: z.array(z.string().min(1)).min(1),
    features: z.record(z.string(), featureSchema),
  })
  .loose()
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.feature_names.forEach((name, i) => {
      if (seen.has(name))
        ctx.addIssue({ code: "custom", path: ["feature_names", i], message: `"${name}" is listed twice` });
      seen.add(name);
      if (!(name in m.features)) {
        ctx.addIssue({ code: "custom", path: ["features", name], message: `feature "${name}" has no entry` });
      }
    });
    if (m.model_type.endsWith("_classifier") && !m.class_names) {
      ctx.addIssue({ code: "custom", path: ["class_names"], message: "a classifier needs class_names" });
    }
  });

/** assets/model_metadata.json of a BigQuery ML booster export, validated. */
export type BoosterMetadata = z.infer<typeof metadataSchema>;
export type FeatureMetadata = z.infer<typeof featureSchema>;

/** Parses and validates model_metadata.json text; errors name each problem and its path. */
export function parseBoosterMetadata(text: string, fileName = "assets/model_metadata.json"): BoosterMetadata {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BqdeployError(
      "MODEL_CORRUPT",
      `${fileName} is not valid JSON (${(error as Error).message}). Download the export again.`,
      { cause: error, details: { file: fileName } },
    );
  }
  const parsed = metadataSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new BqdeployError(
      "MODEL_FORMAT_INVALID",
      `${fileName} is not BigQuery ML booster metadata: ${problems.join("; ")}. ` +
        "Check that the folder is an unmodified ML_XGBOOST_BOOSTER export.",
      { details: { file: fileName, issues: problems } },
    );
  }
  return parsed.data;
}
