import { parseTfJson } from "@bqdeploy/core";
import type { ConformanceModel } from "./model.js";

/**
 * A server under test, serving `model` (described by a ConformanceModel; TIP_MODEL for the seed's
 * tip_model) and optionally other models for the cases that need them.
 */
export interface ConformanceTarget {
  /** e.g. http://127.0.0.1:8501 (no trailing slash). */
  baseUrl: string;
  /** Sent with every request (e.g. Authorization). */
  headers?: Record<string, string>;
  model: ConformanceModel;
  /**
   * `model` is served in versions 1 and 2 (2 the latest) with the label `stable` -> 1. Without it the
   * cases on versions and labels skip, and the rest use whatever version is the latest.
   */
  versionsAndLabel?: boolean;
  /** A model with several outputs like iris: a DT_STRING [-1, 1] and a DT_DOUBLE [-1, 3] output. */
  multiOutputModel?: string;
  /** A model whose only version is LOADING now. */
  loadingModel?: string;
  close(): void | Promise<void>;
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  /** The body parsed NaN-tolerantly (undefined when it is not JSON). */
  json: unknown;
}

/** Sends one request to the target and reads the whole answer. */
export async function send(
  target: ConformanceTarget,
  method: string,
  path: string,
  body?: string,
): Promise<Answer> {
  const res = await fetch(`${target.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...target.headers },
    body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = parseTfJson(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text, json };
}

export { SEED_INSTANCE } from "../seed-request.js";

/** tip_model's input names, sorted (TIP_MODEL describes the whole signature). */
export const TIP_INPUTS = [
  "DOLocationID",
  "PULocationID",
  "fare_amount",
  "passenger_count",
  "payment_type",
  "tolls_amount",
  "trip_distance",
];
