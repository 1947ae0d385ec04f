import type { FakeModelConfig } from "./scripted-source.js";
import { scriptedHalfPlusTwo, scriptedIrisModel, scriptedTipModel } from "./scripted-models.js";

/**
 * The standard fake line-up (what the conformance suite expects of a target): `tip_model` with
 * versions 1 and 2 and label stable -> 1, `iris` (several outputs), `half_plus_two` (one input,
 * classify and regress), and `loading_model` that stays LOADING for an hour.
 */
export function tipModelFake(): Record<string, FakeModelConfig> {
  return {
    tip_model: {
      versions: [
        { version: 1, model: scriptedTipModel() },
        { version: 2, model: scriptedTipModel() },
      ],
      labels: { stable: 1 },
    },
    iris: { versions: [{ version: 1, model: scriptedIrisModel() }] },
    half_plus_two: { versions: [{ version: 1, model: scriptedHalfPlusTwo() }] },
    loading_model: { versions: [{ version: 1, model: scriptedTipModel(), loadAfterMs: 3_600_000 }] },
  };
}
