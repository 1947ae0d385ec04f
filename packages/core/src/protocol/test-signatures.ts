import type { SignatureSpec } from "./servable.js";

// Signatures shared by the protocol's unit tests (not exported from the package).
const scalar = (name: string, dtype: SignatureSpec["inputs"][string]["dtype"]) => ({
  name: `${name}:0`,
  dtype,
  shape: [-1],
});

export const tipSignature: SignatureSpec = {
  methodName: "tensorflow/serving/predict",
  inputs: {
    DOLocationID: scalar("DOLocationID", "DT_STRING"),
    PULocationID: scalar("PULocationID", "DT_STRING"),
    payment_type: scalar("payment_type", "DT_STRING"),
    fare_amount: scalar("fare_amount", "DT_DOUBLE"),
    passenger_count: scalar("passenger_count", "DT_DOUBLE"),
    tolls_amount: scalar("tolls_amount", "DT_DOUBLE"),
    trip_distance: scalar("trip_distance", "DT_DOUBLE"),
  },
  outputs: { predicted_tip_amount: { name: "compute:0", dtype: "DT_DOUBLE", shape: [-1, 1] } },
};

export const seedInstance = {
  passenger_count: 1,
  trip_distance: 12.2,
  PULocationID: "193",
  DOLocationID: "264",
  payment_type: "2",
  fare_amount: 20.4,
  tolls_amount: 0.0,
};

export const singleFloatSignature: SignatureSpec = {
  methodName: "tensorflow/serving/predict",
  inputs: { x: { name: "x:0", dtype: "DT_FLOAT", shape: [-1, 2] } },
  outputs: { y: { name: "y:0", dtype: "DT_FLOAT", shape: [-1] } },
};
