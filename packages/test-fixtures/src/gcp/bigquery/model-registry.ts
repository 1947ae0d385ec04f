/** A BigQuery column as models.get reports it. */
export interface FakeColumn {
  name: string;
  type: { typeKind: string };
}

/** A model the fake BigQuery knows, and the local folder its export is made of. */
export interface FakeModel {
  projectId: string;
  datasetId: string;
  modelId: string;
  /** LINEAR_REGRESSION, BOOSTED_TREE_REGRESSOR, AUTOML_CLASSIFIER, ARIMA_PLUS, ... */
  modelType: string;
  /** The dataset's location (default "US"). */
  location?: string;
  /** Folder whose files an extract job copies to the destination URI. */
  sourceDir: string;
  featureColumns?: FakeColumn[];
  labelColumns?: FakeColumn[];
  transformColumns?: (FakeColumn & { transformSql?: string })[];
  /** An extract of this model ends with this errorResult. */
  failExport?: { reason: string; message: string };
}

/** The key of a model: `project:dataset.model`. */
export function modelKey(projectId: string, datasetId: string, modelId: string): string {
  return `${projectId}:${datasetId}.${modelId}`;
}

/** models.get's resource for a registered model. */
export function modelResource(m: FakeModel): Record<string, unknown> {
  const resource: Record<string, unknown> = {
    kind: "bigquery#model",
    etag: `etag-${m.modelId}`,
    modelReference: { projectId: m.projectId, datasetId: m.datasetId, modelId: m.modelId },
    creationTime: "1700000000000",
    lastModifiedTime: "1700000000000",
    modelType: m.modelType,
    location: m.location ?? "US",
    featureColumns: m.featureColumns ?? [],
    labelColumns: m.labelColumns ?? [],
  };
  if (m.transformColumns) resource.transformColumns = m.transformColumns;
  return resource;
}
