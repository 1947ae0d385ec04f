import { UsageError } from "../cli/command.js";

/** A BigQuery ML model reference. */
export interface BigQueryModelRef {
  project: string;
  dataset: string;
  model: string;
}

/**
 * Parses `PROJECT:DATASET.MODEL`, `PROJECT.DATASET.MODEL` or `DATASET.MODEL` (the project then comes
 * from --project / BQDEPLOY_PROJECT). Throws a UsageError saying which forms are accepted.
 */
export function parseModelRef(text: string, project: string | undefined, flag: string): BigQueryModelRef {
  const parts = text.split(/[:.]/);
  const [p, dataset, model] = parts.length === 3 ? parts : [project, parts[0], parts[1]];
  if (parts.length < 2 || parts.length > 3 || !dataset || !model) {
    throw new UsageError(`${flag} wants DATASET.MODEL or PROJECT.DATASET.MODEL, got ${JSON.stringify(text)}`);
  }
  if (!p)
    throw new UsageError(`${flag} ${text} names no project: add --project ID (or set BQDEPLOY_PROJECT)`);
  return { project: p, dataset, model };
}
