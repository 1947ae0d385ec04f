import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { sendGoogleError, sendJson, splitUrl } from "../http-util.js";
import { type FaultKind, type FaultOptions, FaultPlan } from "./faults.js";
import { type MediaBehaviour, sendMedia } from "./media.js";
import { ObjectStore, type StoredObject } from "./object-store.js";
import { listPage, objectResource } from "./resources.js";
import { UploadHandler } from "./uploads.js";

/** One request the fake answered (for assertions such as "resume skipped this object"). */
export interface GcsRequestRecord {
  method: string;
  kind: "list" | "metadata" | "media" | "upload" | "delete" | "bucket" | "other";
  bucket?: string;
  object?: string;
  fault?: FaultKind;
  status?: number;
}

export interface FakeGcsOptions {
  /** Buckets that exist from the start (uploads to others are 404, as in GCS). */
  buckets?: string[];
  /** Most items per listing page, whatever maxResults asks (GCS may return fewer; default 1000). */
  pageSize?: number;
  /**
   * Time to first byte of every listing page, metadata and media answer, in ms (default 0). Real Cloud
   * Storage takes tens of milliseconds per request; without it parallel downloads hide nothing.
   */
  latencyMs?: number;
}

/** A running fake of the Cloud Storage JSON API on 127.0.0.1. */
export interface FakeGcs {
  /** `http://127.0.0.1:<port>`: pass as `apiEndpoint`, or as STORAGE_EMULATOR_HOST (then add `/storage/v1`). */
  readonly url: string;
  readonly store: ObjectStore;
  readonly requests: GcsRequestRecord[];
  putObject(bucket: string, name: string, bytes: Buffer | string): StoredObject;
  putFolder(bucket: string, prefix: string, localDir: string): Promise<string[]>;
  /** Every stored object as `bucket/name` -> object. */
  objects(): StoredObject[];
  faults(options: FaultOptions | undefined): void;
  corruptChecksum(name: string, mode?: "bytes" | "hash"): void;
  slowBody(ms: number): void;
  /** Sets the time to first byte of listing, metadata and media answers (see FakeGcsOptions.latencyMs). */
  latency(ms: number): void;
  close(): Promise<void>;
}

/**
 * Starts a fake Cloud Storage JSON API: listing (prefix, delimiter, pagination), object metadata, media
 * downloads with `x-goog-hash`, multipart and resumable uploads, Google's error JSON, and fault injection.
 * Paths are served both under `/storage/v1` (apiEndpoint) and bare (STORAGE_EMULATOR_HOST used verbatim).
 */
export async function startFakeGcs(options: FakeGcsOptions = {}): Promise<FakeGcs> {
  const store = new ObjectStore(options.buckets);
  const requests: GcsRequestRecord[] = [];
  const corrupted = new Map<string, "bytes" | "hash">();
  let plan: FaultPlan | undefined;
  let chunkDelayMs = 0;
  let latencyMs = options.latencyMs ?? 0;
  let url = "";
  const uploads = new UploadHandler(store, () => url);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { path, query } = splitUrl(req.url ?? "/");
    const record: GcsRequestRecord = { method: req.method ?? "GET", kind: "other" };
    requests.push(record);
    res.on("finish", () => {
      record.status = res.statusCode;
    });
    const route = matchRoute(path);
    if (route.bucket !== undefined) record.bucket = route.bucket;
    if (route.object !== undefined) record.object = route.object;
    const isMedia = route.kind === "object" && query.get("alt") === "media" && req.method === "GET";
    record.kind = isMedia ? "media" : kindOf(route.kind, req.method);

    const fault = plan?.next(isMedia);
    if (fault) record.fault = fault;
    if (fault === "503") return sendGoogleError(res, 503, "Service Unavailable (injected)");
    if (fault === "429") return sendGoogleError(res, 429, "Rate limit exceeded (injected)");
    if (fault === "reset") {
      req.socket.destroy();
      return;
    }

    // The request's round trip and the service's work: before any status or header is sent.
    if (latencyMs > 0 && route.kind !== "upload" && req.method === "GET") await sleep(latencyMs);
    if (route.kind === "upload") {
      if (req.method === "POST") return uploads.start(req, res, route.bucket!, query);
      if (req.method === "PUT") return uploads.chunk(req, res, query);
    }
    if (route.kind === "bucket" && req.method === "GET") {
      if (!store.bucket(route.bucket!))
        return sendGoogleError(res, 404, "The specified bucket does not exist.");
      return sendJson(res, 200, {
        kind: "storage#bucket",
        id: route.bucket,
        name: route.bucket,
        location: "US",
      });
    }
    if (route.kind === "list" && req.method === "GET") {
      const objects = store.bucket(route.bucket!);
      if (!objects) return sendGoogleError(res, 404, "The specified bucket does not exist.");
      return sendJson(res, 200, listPage(objects, query, url, options.pageSize));
    }
    if (route.kind === "object") {
      const object = store.get(route.bucket!, route.object!);
      if (!object) {
        return sendGoogleError(res, 404, `No such object: ${route.bucket}/${route.object}`);
      }
      if (req.method === "DELETE") {
        store.delete(object.bucket, object.name);
        res.writeHead(204).end();
        return;
      }
      if (!isMedia) return sendJson(res, 200, objectResource(object, url));
      const behaviour: MediaBehaviour = { chunkDelayMs };
      const corrupt = corrupted.get(object.name);
      if (corrupt) behaviour.corrupt = corrupt;
      if (fault === "reset-mid-body") behaviour.resetMidBody = true;
      return sendMedia(res, store, object, behaviour);
    }
    sendGoogleError(res, 404, `Not Found: ${req.method} ${path}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      sendGoogleError(res, 500, `fake GCS error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    store,
    requests,
    putObject: (bucket, name, bytes) =>
      store.putBytes(bucket, name, typeof bytes === "string" ? Buffer.from(bytes) : bytes),
    putFolder: (bucket, prefix, localDir) => store.putFolder(bucket, prefix, localDir),
    objects: () => [...store.buckets.values()].flatMap((b) => [...b.values()]),
    faults: (faultOptions) => {
      plan = faultOptions ? new FaultPlan(faultOptions) : undefined;
    },
    corruptChecksum: (name, mode = "bytes") => {
      corrupted.set(name, mode);
    },
    slowBody: (ms) => {
      chunkDelayMs = ms;
    },
    latency: (ms) => {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Route {
  kind: "list" | "object" | "bucket" | "upload" | "none";
  bucket?: string;
  object?: string;
}

function matchRoute(rawPath: string): Route {
  const path = rawPath.replace(/^\/(download\/)?storage\/v1(?=\/)/, "");
  let m = /^\/upload\/storage\/v1\/b\/([^/]+)\/o\/?$/.exec(rawPath);
  if (m) return { kind: "upload", bucket: decodeURIComponent(m[1]!) };
  m = /^\/b\/([^/]+)\/o\/?$/.exec(path);
  if (m) return { kind: "list", bucket: decodeURIComponent(m[1]!) };
  m = /^\/b\/([^/]+)\/o\/(.+)$/.exec(path);
  if (m) return { kind: "object", bucket: decodeURIComponent(m[1]!), object: decodeURIComponent(m[2]!) };
  m = /^\/b\/([^/]+)\/?$/.exec(path);
  if (m) return { kind: "bucket", bucket: decodeURIComponent(m[1]!) };
  return { kind: "none" };
}

function kindOf(kind: Route["kind"], method: string | undefined): GcsRequestRecord["kind"] {
  if (kind === "list") return "list";
  if (kind === "upload") return "upload";
  if (kind === "bucket") return "bucket";
  if (kind === "object") return method === "DELETE" ? "delete" : "metadata";
  return "other";
}
