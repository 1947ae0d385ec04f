/**
 * The seed's prediction request (deploying-bqml-models): the location ids and the payment type are
 * strings, as the tip_model's signature wants them.
 */
export const SEED_INSTANCE = {
  passenger_count: 1,
  trip_distance: 12.2,
  PULocationID: "193",
  DOLocationID: "264",
  payment_type: "2",
  fare_amount: 20.4,
  tolls_amount: 0.0,
};

/** The seed's whole request body, as its curl sends it. */
export const SEED_REQUEST = { instances: [SEED_INSTANCE] };

/** What the real tip_model/tf2.21 export answers to the seed's request (expected.json, oracle). */
export const SEED_TIP_MODEL_PREDICTION = -0.4326289662712952;
