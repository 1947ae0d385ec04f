export { exportModel } from "./export-model.js";
export type { ExportEvent, ExportModelOptions, ExportResult } from "./export-types.js";
export {
  type DestinationFormat,
  type ExportFormatChoice,
  type ExportPlan,
  type BigQueryModelMetadata,
  planExport,
} from "./exportability.js";
export { exportJobId, type ExportIdentity } from "./job-id.js";
export { type BigQueryClientOptions, type CredentialsMode, createBigQueryClient } from "./bigquery-client.js";
