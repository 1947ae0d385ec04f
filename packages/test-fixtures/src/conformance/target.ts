import { parseTfJson } from "@bqdeploy/core";

/**
 * A server under test. `model` serves the tip_model signature (BigQuery ML linear_reg) with versions
 * 1 and 2 (2 the latest) and the label `stable` -> 1.
 */
export interface ConformanceTarget {
  /** e.g. http://127.0.0.1:8501 (no trailing slash). */
  baseUrl: string;
  /** Sent with every request (e.g. Authorization). */
  headers?: Record<string, string>;
  model: string;
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

/** The seed request's instance (deploying-bqml-models): strings for the location ids and payment type. */
export const SEED_INSTANCE = {
  passenger_count: 1,
  trip_distance: 12.2,
  PULocationID: "193",
  DOLocationID: "264",
  payment_type: "2",
  fare_amount: 20.4,
  tolls_amount: 0.0,
};

export const TIP_INPUTS = [
  "DOLocationID",
  "PULocationID",
  "fare_amount",
  "passenger_count",
  "payment_type",
  "tolls_amount",
  "trip_distance",
];
