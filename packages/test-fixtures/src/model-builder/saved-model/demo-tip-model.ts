import type { FeatureSpec } from "./feature-spec.js";
import type { LinearRegSpec } from "./linear-reg.js";

const LOCATIONS = Array.from({ length: 265 }, (_, i) => String(i + 1));
const PAYMENT_TYPES = ["1", "2", "3", "4", "5"];

/** A small deterministic effect per location id (a few cents either way). */
const locationEffect = (i: number): number => (((i * 37) % 11) - 5) / 50;

/**
 * A tip model shaped exactly like the seed's `zoomcamp.tip_model` (same inputs, dtypes, vocabularies of
 * NYC taxi zone ids and payment types), with plausible made-up weights: the demo's model. Weights follow
 * BigQuery ML's order (sorted feature names, one-hot blocks).
 */
export function demoTipModelSpec(): LinearRegSpec {
  const features: FeatureSpec[] = [
    { name: "DOLocationID", kind: "string", vocabulary: LOCATIONS },
    { name: "PULocationID", kind: "string", vocabulary: LOCATIONS },
    { name: "fare_amount", kind: "numeric", dtype: "DT_DOUBLE" },
    { name: "passenger_count", kind: "numeric", dtype: "DT_DOUBLE" },
    { name: "payment_type", kind: "string", vocabulary: PAYMENT_TYPES },
    { name: "tolls_amount", kind: "numeric", dtype: "DT_DOUBLE" },
    { name: "trip_distance", kind: "numeric", dtype: "DT_DOUBLE" },
  ];
  const weights = [
    ...LOCATIONS.map((_, i) => locationEffect(i)), // DOLocationID
    ...LOCATIONS.map((_, i) => locationEffect(i + 3)), // PULocationID
    0.12, // fare_amount
    0.05, // passenger_count
    2.4,
    -1.1,
    0.0,
    0.0,
    0.0, // payment_type: card tips are recorded, cash tips mostly not
    0.2, // tolls_amount
    0.08, // trip_distance
  ];
  return { features, weights, intercept: 0.35, outputName: "predicted_tip_amount" };
}
