import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sharedExpectations } from "@bqdeploy/test-fixtures";
import type { ConformanceModel, ConformanceTarget, Instance } from "@bqdeploy/test-fixtures/conformance";
import { startEmbeddedServer } from "../embedded-server.js";

/** Writes one export folder (a copy of a shared export, or one the model builder writes). */
export type WriteExport = (dir: string) => Promise<void>;

/**
 * The embedded server over a temporary repository holding only `model.name`: versions 1 and 2 with the
 * label stable -> 1 (models.config) when `versioned`, else version 1 alone. `write` fills each version
 * folder. The repository is removed on close.
 */
export async function embeddedTarget(
  model: ConformanceModel,
  write: WriteExport,
  versioned: boolean,
): Promise<ConformanceTarget> {
  const repo = await mkdtemp(join(tmpdir(), "bqdeploy-conformance-"));
  for (const version of versioned ? ["1", "2"] : ["1"]) await write(join(repo, model.name, version));
  if (versioned) {
    await writeFile(
      join(repo, "models.config"),
      `model_config_list {
  config { name: '${model.name}' base_path: '/models/${model.name}' model_platform: 'tensorflow'
    model_version_policy { specific { versions: 1 versions: 2 } }
    version_labels { key: 'stable' value: 1 } }
}
`,
    );
  }
  const server = await startEmbeddedServer({ repo, port: 0, pollSeconds: 0 });
  return {
    baseUrl: server.url,
    model,
    versionsAndLabel: versioned,
    close: async () => {
      await server.close();
      await rm(repo, { recursive: true, force: true });
    },
  };
}

interface Expectation {
  model: string;
  protocol: string;
  instances: Instance[];
  predictions?: unknown[];
  tolerance?: number;
}

/**
 * The raw rows of Google's golden test for a shared export and what they must give (expected.json,
 * protocol bigquery_ml_utils_predictor), as a ConformanceModel's `instances` and `expected`.
 */
export function golden(model: string): Pick<ConformanceModel, "instances" | "expected"> {
  const entry = (sharedExpectations() as Expectation[]).find(
    (e) => e.model === model && e.protocol === "bigquery_ml_utils_predictor",
  );
  const [first, ...rest] = entry?.instances ?? [];
  if (!entry?.predictions || !entry.tolerance || !first)
    throw new Error(`expected.json has no golden predictions for ${model}`);
  return {
    instances: [first, ...rest],
    expected: { predictions: entry.predictions, tolerance: entry.tolerance },
  };
}
