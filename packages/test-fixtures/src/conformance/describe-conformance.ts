import { afterAll, beforeAll, describe } from "vitest";
import { errorCases } from "./error-cases.js";
import type { ConformanceModel } from "./model.js";
import { predictCases } from "./predict-cases.js";
import { routingCases } from "./routing-cases.js";
import { type Answer, type ConformanceTarget, send } from "./target.js";

/** What the cases share: the target (once set up) and request helpers bound to it. */
export interface Suite {
  target(): ConformanceTarget;
  model(): ConformanceModel;
  /** The served model's name. */
  m(): string;
  versioned(): boolean;
  /** The version a request without version or label reaches ("2" for a versioned target). */
  latest(): Promise<string>;
  get(path: string): Promise<Answer>;
  post(path: string, body: unknown): Promise<Answer>;
  /** POST `/v1/models/<model><suffix>:predict`. */
  predict(body: unknown, suffix?: string): Promise<Answer>;
}

/** Why a case needing versions 1 and 2 and the label `stable` does not run. */
export const UNVERSIONED = "the target does not serve versions 1 and 2 with the label stable";

/**
 * The TF Serving REST conformance suite: one vitest `describe` block to run against every server that
 * speaks the protocol (the fake, the embedded runtime, `bqdeploy serve`, the Docker image, the API's
 * proxy), for whatever model the target describes. Values are checked by shape and type and across
 * forms (real models give different numbers); errors by exact text and HTTP status.
 */
export function describeTfServingConformance(title: string, setup: () => Promise<ConformanceTarget>): void {
  describe(title, () => {
    let target: ConformanceTarget;
    let latest: Promise<string> | undefined;
    beforeAll(async () => {
      target = await setup();
    });
    afterAll(async () => {
      await target?.close();
    });
    const get = (path: string): Promise<Answer> => send(target, "GET", path);
    const post = (path: string, body: unknown): Promise<Answer> =>
      send(target, "POST", path, typeof body === "string" ? body : JSON.stringify(body));
    const suite: Suite = {
      target: () => target,
      model: () => target.model,
      m: () => target.model.name,
      versioned: () => target.versionsAndLabel === true,
      latest() {
        latest ??= target.versionsAndLabel
          ? Promise.resolve("2")
          : get(`/v1/models/${target.model.name}`).then((a) => {
              const versions = (a.json as { model_version_status: { version: string }[] })
                .model_version_status;
              return String(Math.max(...versions.map((v) => Number(v.version))));
            });
        return latest;
      },
      get,
      post,
      predict: (body, suffix = "") => post(`/v1/models/${target.model.name}${suffix}:predict`, body),
    };
    describe("routing", () => routingCases(suite));
    describe("predict", () => predictCases(suite));
    describe("errors", () => errorCases(suite));
  });
}
