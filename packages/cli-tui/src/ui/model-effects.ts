import type { JobEvent, PipelineEvent } from "@bqdeploy/core";
import { errorText } from "./error-text.js";
import type { UiServices } from "./services.js";
import type { ModelRow } from "./state/models-reducer.js";
import type { UiAction } from "./state/ui-reducer.js";

export type Dispatch = (action: UiAction) => void;

/** Reads every model and version of the repository into the Models screen. */
export async function loadModels(services: UiServices, dispatch: Dispatch): Promise<void> {
  dispatch({ type: "models/loading" });
  try {
    const rows: ModelRow[] = [];
    for (const model of await services.repository.models()) {
      const versions = await services.repository.versions(model.name);
      rows.push({
        name: model.name,
        versions: versions.map((v) => ({
          version: v.version,
          labels: v.labels,
          source: v.metadata?.sourceUri,
          sizeBytes: v.metadata?.sizeBytes,
          modelType: v.metadata?.modelType,
        })),
      });
    }
    dispatch({ type: "models/loaded", models: rows });
  } catch (err) {
    dispatch({ type: "models/failed", error: errorText(err) });
  }
}

/** Starts a pull as a job: its events feed the Jobs screen; the Models screen reloads when it ends. */
export function startPull(services: UiServices, dispatch: Dispatch, source: string, model: string): string {
  const snapshot = services.jobs.start("pull", { source, model }, async (emit, signal) => {
    const { pull } = await import("./pull-pipeline.js");
    let version: number | undefined;
    for await (const event of pull({
      source,
      model,
      repo: services.repository,
      storageEndpoint: services.storageEndpoint,
      signal,
    })) {
      emit(event as unknown as JobEvent);
      if (event.type === "done") version = event.version;
    }
    return { version };
  });
  dispatch({ type: "jobs/started", id: snapshot.id, kind: "pull", title: `pull ${source} -> ${model}` });
  void followJob(services, dispatch, snapshot.id);
  return snapshot.id;
}

async function followJob(services: UiServices, dispatch: Dispatch, id: string): Promise<void> {
  for await (const event of services.jobs.follow(id)) {
    dispatch({ type: "jobs/event", id, event: event as unknown as PipelineEvent });
  }
  const snapshot = await services.jobs.wait(id);
  if (snapshot) dispatch({ type: "jobs/finished", snapshot });
  if (snapshot?.state === "failed")
    dispatch({
      type: "models/failed",
      error: `Pull failed: ${snapshot.error?.code}: ${snapshot.error?.message}`,
    });
  await loadModels(services, dispatch);
}

/** Runs a repository change, then reloads; failures are shown on the Models screen. */
export async function changeRepository(
  services: UiServices,
  dispatch: Dispatch,
  change: () => Promise<string>,
): Promise<void> {
  try {
    const message = await change();
    dispatch({ type: "models/submitted", message });
  } catch (err) {
    dispatch({ type: "models/cancel" });
    dispatch({ type: "models/failed", error: errorText(err) });
    return;
  }
  await loadModels(services, dispatch);
}
