import { cp, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { buildLinearRegModel, haveSharedModels, sharedModel } from "@bqdeploy/test-fixtures";

/** A repository with tip_model/1: the real export copied into a temp folder, else a built linear_reg. */
export async function tipModelRepository(repo: string): Promise<string> {
  const target = join(repo, "tip_model", "1");
  if (haveSharedModels("tip_model/tf2.21")) {
    await cp(sharedModel("tip_model/tf2.21"), target, { recursive: true });
    return "real tip_model export (tf2.21)";
  }
  await mkdir(target, { recursive: true });
  await buildLinearRegModel(target, {
    features: [
      { name: "DOLocationID", kind: "string", vocabulary: ["264", "1", "7"] },
      { name: "PULocationID", kind: "string", vocabulary: ["193", "2", "8"] },
      { name: "fare_amount", kind: "numeric", dtype: "DT_DOUBLE" },
      { name: "passenger_count", kind: "numeric", dtype: "DT_DOUBLE" },
      { name: "payment_type", kind: "string", vocabulary: ["1", "2"] },
      { name: "tolls_amount", kind: "numeric", dtype: "DT_DOUBLE" },
      { name: "trip_distance", kind: "numeric", dtype: "DT_DOUBLE" },
    ],
    weights: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.15, 0.01, 0.7, 0.8, 0.2, 0.05],
    intercept: 0.5,
    outputName: "predicted_tip_amount",
  });
  return "linear_reg built by the test-fixtures builder (no shared models)";
}
