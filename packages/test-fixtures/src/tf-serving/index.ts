export { startFakeTfServing } from "./fake-tf-serving.js";
export type { FakeTfServing, FakeTfServingOptions, InjectedFault, RecordedCall } from "./fake-tf-serving.js";
export { ScriptedSource } from "./scripted-source.js";
export type { FakeModelConfig, FakeVersionConfig } from "./scripted-source.js";
export { scriptedServable, spec } from "./scripted-model.js";
export type { ScriptedModel } from "./scripted-model.js";
export { scriptedHalfPlusTwo, scriptedIrisModel, scriptedTipModel } from "./scripted-models.js";
export { tipModelFake } from "./tip-model-fake.js";
