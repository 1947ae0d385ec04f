import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeGcs } from "../gcs/fake-gcs.js";
import { parseJson, readBody, sendGoogleError, sendJson, splitUrl } from "../http-util.js";
import { advance, type FakeJob, type JobSchedule, jobResource } from "./extract-jobs.js";
import { type FakeModel, modelKey, modelResource } from "./model-registry.js";

export interface FakeBigQueryOptions {
  /** Where finished extract jobs write their files. */
  gcs: FakeGcs;
  models?: FakeModel[];
  /** jobs.get answers per state before DONE (default 1 PENDING, 2 RUNNING). */
  schedule?: Partial<JobSchedule>;
  /** Bucket locations (default "US"); a model in another location fails to extract there. */
  bucketLocations?: Record<string, string>;
  /** Answer 401 to requests without an Authorization header, as the real API does. */
  requireAuth?: boolean;
}

/** One request the fake answered. */
export interface BigQueryRequestRecord {
  method: string;
  path: string;
  body?: unknown;
  status?: number;
}

/** A running fake of the BigQuery v2 API's model and extract-job endpoints on 127.0.0.1. */
export interface FakeBigQuery {
  /** `http://127.0.0.1:<port>`: pass as `apiEndpoint`, or as BIGQUERY_EMULATOR_HOST (then add `/bigquery/v2`). */
  readonly url: string;
  readonly requests: BigQueryRequestRecord[];
  readonly jobs: Map<string, FakeJob>;
  registerModel(model: FakeModel): void;
  /** The next `count` requests answer `status` (e.g. 503 or 429) in Google's error shape. */
  failNext(count: number, status?: number): void;
  /** Deny a permission (e.g. "bigquery.jobs.create", "bigquery.models.export", "bigquery.models.getMetadata"). */
  denyPermission(permission: string): void;
  close(): Promise<void>;
}

/**
 * Starts a fake BigQuery: models.get, jobs.insert of a model extract (idempotent job ids: 409 on a
 * duplicate), jobs.get polling PENDING -> RUNNING -> DONE, and on DONE the model's files appear in the fake
 * GCS at the destination URI. Errors use Google's JSON shape. Paths are served under `/bigquery/v2` and bare.
 */
export async function startFakeBigQuery(options: FakeBigQueryOptions): Promise<FakeBigQuery> {
  const models = new Map<string, FakeModel>();
  const jobs = new Map<string, FakeJob>();
  const denied = new Set<string>();
  const failures = { count: 0, status: 503 };
  const requests: BigQueryRequestRecord[] = [];
  const schedule: JobSchedule = { pendingPolls: 1, runningPolls: 2, ...options.schedule };
  for (const m of options.models ?? []) models.set(modelKey(m.projectId, m.datasetId, m.modelId), m);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { path: raw, query } = splitUrl(req.url ?? "/");
    const path = raw.replace(/^\/bigquery\/v2(?=\/)/, "");
    const record: BigQueryRequestRecord = { method: req.method ?? "GET", path };
    requests.push(record);
    res.on("finish", () => {
      record.status = res.statusCode;
    });
    const body = req.method === "POST" ? parseJson(await readBody(req, 1024 * 1024)) : undefined;
    if (body !== undefined) record.body = body;
    if (failures.count > 0) {
      failures.count--;
      return sendGoogleError(res, failures.status, "The service is currently unavailable (injected).");
    }
    if (options.requireAuth && !req.headers.authorization) {
      return sendGoogleError(res, 401, "Request is missing required authentication credential.", "required");
    }
    let m = /^\/projects\/([^/]+)\/datasets\/([^/]+)\/models\/([^/]+)$/.exec(path);
    if (m && req.method === "GET") {
      const [p, d, id] = [m[1]!, m[2]!, m[3]!].map(decodeURIComponent) as [string, string, string];
      if (denied.has("bigquery.models.getMetadata")) {
        return sendGoogleError(
          res,
          403,
          `Access Denied: Model ${p}:${d}.${id}: Permission bigquery.models.getMetadata denied on model ${p}:${d}.${id} (or it may not exist).`,
        );
      }
      const model = models.get(modelKey(p, d, id));
      if (!model) return sendGoogleError(res, 404, `Not found: Model ${p}:${d}.${id}`);
      return sendJson(res, 200, modelResource(model));
    }
    m = /^\/projects\/([^/]+)\/jobs$/.exec(path);
    if (m && req.method === "POST") return insertJob(res, decodeURIComponent(m[1]!), body);
    m = /^\/projects\/([^/]+)\/jobs\/([^/]+)$/.exec(path);
    if (m && req.method === "GET") {
      const p = decodeURIComponent(m[1]!);
      const id = decodeURIComponent(m[2]!);
      const job = jobs.get(`${p}:${id}`);
      const location = query.get("location");
      if (!job || (location && location.toUpperCase() !== job.location.toUpperCase())) {
        return sendGoogleError(res, 404, `Not found: Job ${p}:${location ?? "US"}.${id}`);
      }
      await advance(job, schedule);
      return sendJson(res, 200, jobResource(job));
    }
    sendGoogleError(res, 404, `Not found: ${req.method} ${path}`);
  };

  const insertJob = async (res: ServerResponse, projectId: string, body: unknown): Promise<void> => {
    const job = body as {
      jobReference?: { projectId?: string; jobId?: string; location?: string };
      configuration?: { extract?: Record<string, unknown> };
    };
    const extract = job?.configuration?.extract as
      | {
          sourceModel?: { projectId?: string; datasetId?: string; modelId?: string };
          destinationUris?: string[];
        }
      | undefined;
    const source = extract?.sourceModel;
    if (!extract || !source?.datasetId || !source.modelId) {
      return sendGoogleError(
        res,
        400,
        "The fake BigQuery only runs extract jobs of a model (configuration.extract.sourceModel).",
        "invalid",
      );
    }
    const destination = extract.destinationUris?.[0];
    if (!destination?.startsWith("gs://"))
      return sendGoogleError(res, 400, "Invalid extract destination URI", "invalid");
    const jobId = job.jobReference?.jobId ?? `job_${Date.now()}`;
    const modelName = `${source.projectId ?? projectId}:${source.datasetId}.${source.modelId}`;
    if (denied.has("bigquery.jobs.create")) {
      return sendGoogleError(
        res,
        403,
        `Access Denied: Project ${projectId}: User does not have bigquery.jobs.create permission in project ${projectId}.`,
      );
    }
    if (denied.has("bigquery.models.export")) {
      return sendGoogleError(
        res,
        403,
        `Access Denied: Model ${modelName}: Permission bigquery.models.export denied on model ${modelName} (or it may not exist).`,
      );
    }
    const model = models.get(modelKey(source.projectId ?? projectId, source.datasetId, source.modelId));
    if (!model) return sendGoogleError(res, 404, `Not found: Model ${modelName}`);
    const modelLocation = model.location ?? "US";
    const location = job.jobReference?.location ?? modelLocation;
    if (location.toUpperCase() !== modelLocation.toUpperCase()) {
      return sendGoogleError(
        res,
        404,
        `Not found: Dataset ${source.projectId ?? projectId}:${source.datasetId} was not found in location ${location}`,
      );
    }
    if (jobs.has(`${projectId}:${jobId}`))
      return sendGoogleError(res, 409, `Already Exists: Job ${projectId}:${location}.${jobId}`);
    const created: FakeJob = {
      projectId,
      jobId,
      location: modelLocation,
      configuration: { extract },
      polls: 0,
      state: "PENDING",
      creationTime: Date.now(),
      finish: () => writeExport(model, destination),
    };
    jobs.set(`${projectId}:${jobId}`, created);
    sendJson(res, 200, jobResource(created));
  };

  const writeExport = async (
    model: FakeModel,
    uri: string,
  ): Promise<{ reason: string; message: string } | undefined> => {
    if (model.failExport) return model.failExport;
    const [bucket = "", ...rest] = uri.slice("gs://".length).split("/");
    const bucketLocation = options.bucketLocations?.[bucket] ?? "US";
    const modelLocation = model.location ?? "US";
    if (bucketLocation.toUpperCase() !== modelLocation.toUpperCase()) {
      return {
        reason: "invalid",
        message: `Cannot read and write in different locations: source: ${modelLocation}, destination: ${bucketLocation}`,
      };
    }
    if (!options.gcs.store.bucket(bucket)) return { reason: "notFound", message: `Not found: URI ${uri}` };
    await options.gcs.putFolder(bucket, rest.join("/"), model.sourceDir);
    return undefined;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      sendGoogleError(
        res,
        500,
        `fake BigQuery error: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    jobs,
    registerModel: (model) => {
      models.set(modelKey(model.projectId, model.datasetId, model.modelId), model);
    },
    failNext: (count, status = 503) => {
      failures.count = count;
      failures.status = status;
    },
    denyPermission: (permission) => {
      denied.add(permission);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
