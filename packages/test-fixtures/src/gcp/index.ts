export { startFakeGcs } from "./gcs/fake-gcs.js";
export type { FakeGcs, FakeGcsOptions, GcsRequestRecord } from "./gcs/fake-gcs.js";
export type { FaultKind, FaultOptions } from "./gcs/faults.js";
export { crc32cBase64 } from "./gcs/object-store.js";
export type { StoredObject } from "./gcs/object-store.js";
export { startFakeBigQuery } from "./bigquery/fake-bigquery.js";
export type { BigQueryRequestRecord, FakeBigQuery, FakeBigQueryOptions } from "./bigquery/fake-bigquery.js";
export type { FakeColumn, FakeModel } from "./bigquery/model-registry.js";
