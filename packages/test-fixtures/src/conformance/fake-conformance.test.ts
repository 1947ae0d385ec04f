import { startFakeTfServing } from "../tf-serving/fake-tf-serving.js";
import { tipModelFake } from "../tf-serving/tip-model-fake.js";
import { describeTfServingConformance } from "./describe-conformance.js";
import { TIP_MODEL } from "./model.js";

describeTfServingConformance("TF Serving conformance: the fake", async () => {
  const fake = await startFakeTfServing({ models: tipModelFake() });
  return {
    baseUrl: fake.url,
    model: TIP_MODEL,
    versionsAndLabel: true,
    multiOutputModel: "iris",
    loadingModel: "loading_model",
    close: () => fake.close(),
  };
});

describeTfServingConformance("TF Serving conformance: the fake with a bearer token", async () => {
  const fake = await startFakeTfServing({ models: tipModelFake(), token: "s3cret" });
  return {
    baseUrl: fake.url,
    headers: { authorization: "Bearer s3cret" },
    model: TIP_MODEL,
    versionsAndLabel: true,
    close: () => fake.close(),
  };
});
