import type { RuntimeName } from "@bqdeploy/core";
import { errorText } from "./error-text.js";
import type { Dispatch } from "./model-effects.js";
import type { UiServices } from "./services.js";
import type { PredictTarget } from "./state/predict-reducer.js";

/** Lists the deployments of every runtime and each one's model version states. */
export async function loadDeployments(
  services: UiServices,
  dispatch: Dispatch,
  signal?: AbortSignal,
): Promise<void> {
  try {
    const { deployments, unavailable } = await services.deployments.list();
    dispatch({
      type: "deployments/loaded",
      items: deployments,
      unavailable: unavailable.map((u) => `${u.runtime}: ${u.message}`),
    });
    for (const d of deployments) {
      const url = d.endpoints[0];
      if (!url || d.state === "exited") continue;
      const versions = await services
        .client(url)
        .status(d.model, { signal, timeoutMs: 2000 })
        .catch((err: unknown) => [
          { version: 0, state: "END" as const, errorCode: "UNAVAILABLE", errorMessage: errorText(err) },
        ]);
      dispatch({ type: "deployments/versions", id: d.id, versions });
    }
  } catch (err) {
    dispatch({ type: "deployments/failed", error: errorText(err) });
  }
}

/** Starts a deployment of `model` on a runtime (port 0: any free port), then refreshes. */
export async function startDeployment(
  services: UiServices,
  dispatch: Dispatch,
  runtime: RuntimeName,
  model: string,
): Promise<void> {
  dispatch({ type: "deployments/busy", what: `starting ${model} (${runtime})` });
  try {
    await services.deployments.start(runtime, { model, repo: services.repository.root, port: 0 });
    dispatch({ type: "deployments/done" });
  } catch (err) {
    dispatch({ type: "deployments/failed", error: errorText(err) });
  }
  await loadDeployments(services, dispatch);
}

export async function stopDeployment(services: UiServices, dispatch: Dispatch, id: string): Promise<void> {
  dispatch({ type: "deployments/busy", what: `stopping ${id}` });
  try {
    await services.deployments.stop(id);
    dispatch({ type: "deployments/done" });
  } catch (err) {
    dispatch({ type: "deployments/failed", error: errorText(err) });
  }
  await loadDeployments(services, dispatch);
}

/** Follows a deployment's logs into the Logs screen until the signal aborts (lines batched per tick). */
export async function followLogs(services: UiServices, dispatch: Dispatch, id: string, signal: AbortSignal) {
  dispatch({ type: "logs/open", source: id });
  try {
    for await (const line of services.deployments.logs(id, { follow: true, signal })) {
      if (signal.aborted) return;
      dispatch({ type: "logs/lines", lines: [line] });
    }
  } catch (err) {
    if (!signal.aborted) dispatch({ type: "logs/failed", error: errorText(err) });
  }
}

/** Reads the target's serving signature and builds the form from it. */
export async function loadSignature(services: UiServices, dispatch: Dispatch, target: PredictTarget) {
  dispatch({ type: "predict/target", target });
  try {
    const metadata = await services.client(target.endpoint).metadata(target.model);
    const name =
      "serving_default" in metadata.signatures ? "serving_default" : Object.keys(metadata.signatures)[0];
    const signature = name === undefined ? undefined : metadata.signatures[name];
    if (!name || !signature) throw new Error(`${target.model} has no signature to predict with.`);
    dispatch({ type: "predict/signature", name, signature });
  } catch (err) {
    dispatch({ type: "predict/failed", error: errorText(err) });
  }
}

/** Sends one instance and records the answer (or the error) with its latency. */
export async function sendPredict(
  services: UiServices,
  dispatch: Dispatch,
  target: PredictTarget,
  instance: Record<string, unknown>,
  signatureName?: string,
): Promise<void> {
  dispatch({ type: "predict/sending" });
  const started = performance.now();
  const at = new Date().toISOString();
  try {
    const predictions = await services
      .client(target.endpoint)
      .predict(target.model, [instance], { signatureName });
    const latencyMs = performance.now() - started;
    dispatch({ type: "predict/answered", response: JSON.stringify(predictions), latencyMs, at });
  } catch (err) {
    dispatch({ type: "predict/failed", error: errorText(err), latencyMs: performance.now() - started, at });
  }
}
