import type { Pool } from "undici";
import { BqdeployError } from "../errors/index.js";
import type { Logger } from "../logging/logger.js";
import { decodePredictRequest } from "../protocol/predict-request.js";
import {
  classifyResponseSchema,
  type ModelMetadataResponse,
  modelMetadataResponseSchema,
  modelStatusResponseSchema,
  regressResponseSchema,
} from "../protocol/schemas.js";
import type { ModelState, SignatureSpec, VersionStatus } from "../protocol/servable.js";
import { isServingError } from "../protocol/serving-error.js";
import { parseTfJson, stringifyTfJson } from "../protocol/tf-json.js";
import { backoffDelay, sleep } from "./backoff.js";
import { signaturesFromMetadata } from "./signatures-from-metadata.js";
import { connectionFailed, neverSent, servingError } from "./transport-errors.js";
import { type WaitOptions, waitUntilAvailable } from "./wait-until-available.js";

export interface TfServingClientOptions {
  /** Base URL of the REST port, e.g. http://127.0.0.1:8501 */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Deadline of one call including its retries (ms). Default 30 000, TF Serving's own REST timeout. */
  timeoutMs?: number;
  /** Extra attempts for failures that are safe to repeat. Default 2. */
  retries?: number;
  /** First backoff step (ms), doubled each retry, with jitter. Default 100. */
  retryBaseMs?: number;
  /** Keep-alive connections in the pool. Default 8. */
  connections?: number;
  /** Check instances against the model's signature (from metadata) before sending. */
  validate?: boolean;
  logger?: Logger;
}

/** Which version a call addresses: a number or a label (not both); neither means the latest. */
export interface ModelTarget {
  version?: number;
  label?: string;
}

export interface CallOptions extends ModelTarget {
  signal?: AbortSignal;
  /** Overrides the client's timeoutMs for this call. */
  timeoutMs?: number;
}

export interface PredictOptions extends CallOptions {
  signatureName?: string;
}

export interface ExamplesOptions extends PredictOptions {
  /** Features shared by every example. */
  context?: Record<string, unknown>;
}

export interface ServedModelMetadata {
  model: string;
  version: number;
  signatures: Record<string, SignatureSpec>;
  raw: ModelMetadataResponse;
}

/**
 * A client of TF Serving's REST API (tensorflow/serving, the embedded runtime, the fake) over an
 * undici keep-alive pool, made on the first request (undici is imported then, so constructing a client,
 * as the terminal UI does at start, costs nothing). Errors are BqdeployErrors: SERVING_ERROR
 * (details.httpStatus, details.tfMessage), CONNECTION_FAILED, DEADLINE_EXCEEDED, CANCELLED; with
 * `validate`, bad instances fail locally as INVALID_ARGUMENT with TF Serving's own message.
 */
export class TfServingClient {
  readonly url: string;
  private readonly origin: string;
  private pool: Pool | undefined;
  private opening: Promise<Pool> | undefined;
  private readonly options: TfServingClientOptions;
  private readonly headers: Record<string, string>;
  private readonly signatureCache = new Map<string, Promise<Record<string, SignatureSpec>>>();

  constructor(options: TfServingClientOptions) {
    this.url = options.url.replace(/\/+$/, "");
    this.options = options;
    this.origin = new URL(this.url).origin;
    this.headers = { "content-type": "application/json" };
    if (options.token) this.headers.authorization = `Bearer ${options.token}`;
  }

  /** GET /v1/models/{model}[...]: every tracked version (or the one asked for) with its state. */
  async status(model: string, options: CallOptions = {}): Promise<VersionStatus[]> {
    const body = await this.call("GET", modelPath(model, options), undefined, options);
    const parsed = modelStatusResponseSchema.safeParse(body);
    if (!parsed.success) throw unexpected("status", parsed.error.message);
    return parsed.data.model_version_status.map((v) => ({
      version: Number(v.version),
      state: v.state as ModelState,
      errorCode: v.status?.error_code ?? "OK",
      errorMessage: v.status?.error_message ?? "",
    }));
  }

  /** GET .../metadata: the version served and its signatures. */
  async metadata(model: string, options: CallOptions = {}): Promise<ServedModelMetadata> {
    const body = await this.call("GET", `${modelPath(model, options)}/metadata`, undefined, options);
    const parsed = modelMetadataResponseSchema.safeParse(body);
    if (!parsed.success) throw unexpected("metadata", parsed.error.message);
    const raw = parsed.data;
    return {
      model: raw.model_spec.name,
      version: Number(raw.model_spec.version),
      signatures: signaturesFromMetadata(raw),
      raw,
    };
  }

  /** Row-format predict: `{"instances": [...]}` -> the `predictions` list. */
  async predict(model: string, instances: unknown[], options: PredictOptions = {}): Promise<unknown[]> {
    const request = withSignature({ instances }, options.signatureName);
    const body = (await this.predictBody(model, request, options)) as { predictions?: unknown };
    if (!Array.isArray(body.predictions)) throw unexpected("predict", "no predictions list");
    return body.predictions;
  }

  /** Columnar predict: `{"inputs": ...}` -> the `outputs` value (a tensor, or an object of tensors). */
  async predictColumnar(model: string, inputs: unknown, options: PredictOptions = {}): Promise<unknown> {
    const request = withSignature({ inputs }, options.signatureName);
    const body = (await this.predictBody(model, request, options)) as { outputs?: unknown };
    if (body.outputs === undefined) throw unexpected("predict", "no outputs");
    return body.outputs;
  }

  /** POST ...:classify -> per example a list of [label, score]. */
  async classify(model: string, examples: Record<string, unknown>[], options: ExamplesOptions = {}) {
    const body = await this.call(
      "POST",
      `${modelPath(model, options)}:classify`,
      examplesBody(examples, options),
      options,
    );
    const parsed = classifyResponseSchema.safeParse(body);
    if (!parsed.success) throw unexpected("classify", parsed.error.message);
    return parsed.data.results;
  }

  /** POST ...:regress -> one value per example. */
  async regress(
    model: string,
    examples: Record<string, unknown>[],
    options: ExamplesOptions = {},
  ): Promise<number[]> {
    const body = await this.call(
      "POST",
      `${modelPath(model, options)}:regress`,
      examplesBody(examples, options),
      options,
    );
    const parsed = regressResponseSchema.safeParse(body);
    if (!parsed.success) throw unexpected("regress", parsed.error.message);
    return parsed.data.results;
  }

  /**
   * Polls the status until a version is AVAILABLE (the given one, or any). Fails fast when the version
   * ends in END with an error (SERVING_NOT_READY), with DEADLINE_EXCEEDED after `timeoutMs`.
   */
  waitUntilAvailable(model: string, options: WaitOptions = {}): Promise<VersionStatus> {
    return waitUntilAvailable((m, o) => this.status(m, o), model, options);
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    if (this.opening) await (await this.opening).close();
  }

  private connection(): Promise<Pool> {
    this.opening ??= import("./undici.js").then(({ Pool }) => {
      this.pool = new Pool(this.origin, {
        connections: this.options.connections ?? 8,
        keepAliveTimeout: 10_000,
      });
      return this.pool;
    });
    return this.opening;
  }

  private async predictBody(
    model: string,
    request: Record<string, unknown>,
    options: PredictOptions,
  ): Promise<unknown> {
    if (this.options.validate) await this.validate(model, request, options);
    return this.call("POST", `${modelPath(model, options)}:predict`, stringifyTfJson(request), options);
  }

  private async validate(
    model: string,
    request: Record<string, unknown>,
    options: PredictOptions,
  ): Promise<void> {
    const key = modelPath(model, options);
    let signatures = this.signatureCache.get(key);
    if (!signatures) {
      signatures = this.metadata(model, options).then((m) => m.signatures);
      this.signatureCache.set(key, signatures);
      signatures.catch(() => this.signatureCache.delete(key));
    }
    try {
      decodePredictRequest(request, await signatures);
    } catch (err) {
      if (!isServingError(err)) throw err;
      throw new BqdeployError(
        "INVALID_ARGUMENT",
        `${err.message} (checked before sending, against ${key}/metadata)`,
        {
          cause: err,
          details: { httpStatus: err.httpStatus, tfMessage: err.message },
        },
      );
    }
  }

  /** One request with deadline, cancellation and safe retries; returns the parsed JSON body. */
  private async call(
    method: "GET" | "POST",
    path: string,
    body: string | undefined,
    options: CallOptions,
  ): Promise<unknown> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    const retries = this.options.retries ?? 2;
    const pool = this.pool ?? (await this.connection());
    for (let attempt = 0; ; attempt++) {
      let status: number;
      let text: string;
      try {
        const res = await pool.request({ method, path, body, headers: this.headers, signal });
        status = res.statusCode;
        text = await res.body.text();
      } catch (err) {
        if (signal.aborted) throw this.abortError(options.signal, timeoutMs, method, path, err);
        // A POST is repeated only when it surely never reached the server.
        if (attempt >= retries || !(method === "GET" || neverSent(err)))
          throw connectionFailed(this.url, err);
        this.options.logger?.debug("TF Serving connection failed, retrying", { path, attempt });
        await this.backoff(attempt, signal, options.signal, timeoutMs, method, path);
        continue;
      }
      if (status === 200) return parseAnswer(text, path);
      if (status !== 503 || attempt >= retries) throw servingError(method, path, status, text);
      this.options.logger?.debug("TF Serving unavailable, retrying", { path, attempt });
      await this.backoff(attempt, signal, options.signal, timeoutMs, method, path);
    }
  }

  private async backoff(
    attempt: number,
    signal: AbortSignal,
    user: AbortSignal | undefined,
    timeoutMs: number,
    method: string,
    path: string,
  ): Promise<void> {
    try {
      await sleep(backoffDelay(attempt, this.options.retryBaseMs ?? 100), signal);
    } catch (err) {
      throw this.abortError(user, timeoutMs, method, path, err);
    }
  }

  private abortError(
    user: AbortSignal | undefined,
    timeoutMs: number,
    method: string,
    path: string,
    cause: unknown,
  ) {
    if (user?.aborted) {
      return new BqdeployError("CANCELLED", `${method} ${path} was cancelled.`, {
        cause: user.reason ?? cause,
      });
    }
    return new BqdeployError(
      "DEADLINE_EXCEEDED",
      `${method} ${this.url}${path} took longer than ${timeoutMs} ms; raise the timeout or check the server's load.`,
      { cause, details: { timeoutMs } },
    );
  }
}

function modelPath(model: string, target: ModelTarget): string {
  if (target.version !== undefined && target.label !== undefined) {
    throw new BqdeployError("INVALID_ARGUMENT", "Give a model version or a label, not both.");
  }
  const base = `/v1/models/${encodeURIComponent(model)}`;
  if (target.version !== undefined) return `${base}/versions/${target.version}`;
  if (target.label !== undefined) return `${base}/labels/${encodeURIComponent(target.label)}`;
  return base;
}

function withSignature(
  body: Record<string, unknown>,
  signatureName: string | undefined,
): Record<string, unknown> {
  return signatureName === undefined ? body : { signature_name: signatureName, ...body };
}

function examplesBody(examples: Record<string, unknown>[], options: ExamplesOptions): string {
  const body: Record<string, unknown> = withSignature({}, options.signatureName);
  if (options.context) body.context = options.context;
  body.examples = examples;
  return stringifyTfJson(body);
}

function parseAnswer(text: string, path: string): unknown {
  try {
    return parseTfJson(text);
  } catch (err) {
    throw new BqdeployError("SERVING_ERROR", `The answer to ${path} is not JSON: ${text.slice(0, 200)}`, {
      cause: err,
    });
  }
}

function unexpected(what: string, detail: string): BqdeployError {
  return new BqdeployError("SERVING_ERROR", `TF Serving's ${what} answer has an unexpected shape: ${detail}`);
}
