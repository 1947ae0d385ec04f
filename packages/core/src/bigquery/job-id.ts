import { createHash } from "node:crypto";

/** What identifies one export request. */
export interface ExportIdentity {
  project: string;
  dataset: string;
  model: string;
  destination: string;
  format: string;
  /** Change it to export the same model to the same place again as a new job. */
  nonce?: string;
}

/**
 * A job id derived only from the export's inputs: retrying the same export after a crash finds the
 * job already created (409) and waits for it instead of starting a second one.
 */
export function exportJobId(identity: ExportIdentity): string {
  const digest = createHash("sha256")
    .update(
      JSON.stringify([
        identity.project,
        identity.dataset,
        identity.model,
        identity.destination,
        identity.format,
        identity.nonce ?? "",
      ]),
    )
    .digest("hex")
    .slice(0, 32);
  const model = identity.model.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 64);
  return `bqdeploy_export_${model}_${digest}`;
}
