import type { Deployment } from "@bqdeploy/core";
import { afterEach, describe, expect, it } from "vitest";
import { initialDeploymentsState } from "../state/deployments-reducer.js";
import { initialJobsState, jobsReducer } from "../state/jobs-reducer.js";
import { initialLogsState, logsReducer } from "../state/logs-reducer.js";
import { initialModelsState, modelsReducer } from "../state/models-reducer.js";
import { initialPredictState, predictReducer } from "../state/predict-reducer.js";
import { type RenderedUi, renderUi } from "../testing/render-ui.js";
import { DeploymentsScreen } from "./DeploymentsScreen.js";
import { HelpScreen } from "./HelpScreen.js";
import { JobsScreen } from "./JobsScreen.js";
import { LogsScreen } from "./LogsScreen.js";
import { ModelsScreen } from "./ModelsScreen.js";
import { PredictScreen } from "./PredictScreen.js";

let ui: RenderedUi | undefined;
afterEach(() => ui?.unmount());
const show = (element: React.ReactElement) => {
  ui = renderUi(element);
  return ui.lastFrame();
};

const models = modelsReducer(initialModelsState, {
  type: "models/loaded",
  models: [
    {
      name: "tip_model",
      versions: [
        {
          version: 1,
          labels: ["stable"],
          source: "gs://taxi/tip_model",
          sizeBytes: 51_800,
          modelType: "tf_saved_model",
        },
      ],
    },
  ],
});

describe("ModelsScreen", () => {
  it("lists models with versions, type, size, source and labels", () => {
    const frame = show(<ModelsScreen state={models} height={20} />);
    expect(frame).toContain("> tip_model  (1 versions)");
    expect(frame).toMatch(/v1\s+tf_saved_model\s+51\.8 kB\s+gs:\/\/taxi\/tip_model \[stable\]/);
  });
  it("shows the empty repository, the pull form with errors, confirmations and errors", () => {
    expect(show(<ModelsScreen state={{ ...initialModelsState, loading: false }} height={20} />)).toContain(
      "No models yet",
    );
    ui?.unmount();
    const form = modelsReducer(modelsReducer(models, { type: "models/open-pull" }), {
      type: "models/type",
      text: "x",
    });
    expect(show(<ModelsScreen state={form} height={20} />)).toMatch(
      /Source.*\[gs:\/\/x_\] ! a gs:\/\/bucket\/prefix/,
    );
    ui?.unmount();
    const confirm = modelsReducer(models, { type: "models/confirm", action: "prune" });
    expect(show(<ModelsScreen state={confirm} height={20} />)).toContain(
      "Prune tip_model: remove every version but the newest 2?",
    );
    ui?.unmount();
    const failed = modelsReducer(models, {
      type: "models/failed",
      error: "LOCK_TIMEOUT: another bqdeploy holds the lock",
    });
    expect(show(<ModelsScreen state={failed} height={20} />)).toContain(
      "Error: LOCK_TIMEOUT: another bqdeploy",
    );
  });
});

const deployment: Deployment = {
  id: "tip_model",
  runtime: "embedded",
  model: "tip_model",
  endpoints: ["http://127.0.0.1:8501"],
  replicas: 2,
  startedAt: "2026-01-01T00:00:00.000Z",
  state: "available",
};

describe("DeploymentsScreen", () => {
  it("shows runtime, replicas, uptime, endpoint and the model state with its error", () => {
    const state = {
      ...initialDeploymentsState,
      items: [deployment],
      versions: {
        tip_model: [
          { version: 2, state: "END" as const, errorCode: "NOT_FOUND", errorMessage: "Could not load" },
        ],
      },
    };
    const frame = show(<DeploymentsScreen state={state} now={Date.parse(deployment.startedAt) + 65_000} />);
    expect(frame).toMatch(/> tip_model\s+embedded\s+2\s+1m 5s\s+http:\/\/127\.0\.0\.1:8501/);
    expect(frame).toContain("model tip_model v2: END (Could not load)");
  });
  it("shows an empty list, an unavailable runtime and an error", () => {
    const state = {
      ...initialDeploymentsState,
      unavailable: ["docker: Docker is not running: start it"],
      error: "ALREADY_EXISTS: stop it first",
    };
    const frame = show(<DeploymentsScreen state={state} now={0} />);
    expect(frame).toContain("No deployments");
    expect(frame).toContain("Unavailable: docker: Docker is not running");
    expect(frame).toContain("Error: ALREADY_EXISTS: stop it first");
  });
});

describe("LogsScreen", () => {
  it("shows the window of lines, the filter and the scroll position", () => {
    let state = logsReducer(initialLogsState, { type: "logs/open", source: "tip_model" });
    state = logsReducer(state, {
      type: "logs/lines",
      lines: ["loading", "AVAILABLE", "predict"].map((text) => ({
        stream: "stdout" as const,
        text,
        replica: 0,
      })),
    });
    expect(show(<LogsScreen state={state} height={10} />)).toMatch(
      /Logs of tip_model.*following \(3 lines\)[\s\S]*\[0\] predict/,
    );
    ui?.unmount();
    const filtered = logsReducer(logsReducer(state, { type: "logs/edit-filter" }), {
      type: "logs/filter-type",
      text: "avail",
    });
    const frame = show(<LogsScreen state={filtered} height={10} />);
    expect(frame).toContain("filter: [avail_]");
    expect(frame).not.toContain("predict");
  });
  it("says how to open logs, and shows errors", () => {
    const frame = show(
      <LogsScreen state={{ ...initialLogsState, error: "NOT_FOUND: No deployment named x." }} height={10} />,
    );
    expect(frame).toContain("No logs open");
    expect(frame).toContain("Error: NOT_FOUND");
  });
});

describe("PredictScreen", () => {
  const target = { deploymentId: "tip", model: "tip_model", endpoint: "http://127.0.0.1:8501" };
  it("renders the form from the signature, the response with latency and the history", () => {
    let state = predictReducer(initialPredictState, { type: "predict/target", target });
    state = predictReducer(state, {
      type: "predict/signature",
      name: "serving_default",
      signature: {
        methodName: "p",
        inputs: { x: { name: "x:0", dtype: "DT_FLOAT", shape: [-1] } },
        outputs: {},
      },
    });
    state = predictReducer(state, { type: "predict/type", text: "abc" });
    expect(show(<PredictScreen state={state} height={20} />)).toMatch(
      /> x \(DT_FLOAT\)\s+\[abc_\] ! a number/,
    );
    ui?.unmount();
    state = predictReducer(state, {
      type: "predict/answered",
      response: "[[0.5]]",
      latencyMs: 4.25,
      at: "2026-01-01T10:11:12Z",
    });
    const frame = show(<PredictScreen state={state} height={20} />);
    expect(frame).toContain("Response (4.3 ms): [[0.5]]");
    expect(frame).toMatch(/10:11:12\s+4\.3 ms ok/);
  });
  it("asks for a target, and shows a server's error", () => {
    expect(show(<PredictScreen state={initialPredictState} height={20} />)).toContain("No target");
    ui?.unmount();
    const failed = predictReducer(predictReducer(initialPredictState, { type: "predict/target", target }), {
      type: "predict/failed",
      error: "CONNECTION_FAILED: is the server running?",
    });
    expect(show(<PredictScreen state={failed} height={20} />)).toContain("Error: CONNECTION_FAILED");
  });
});

describe("JobsScreen", () => {
  it("shows steps, a progress bar with bytes, files, rate and ETA, and a failure with what to do", () => {
    let state = jobsReducer(initialJobsState, {
      type: "jobs/started",
      id: "j",
      kind: "pull",
      title: "pull gs://t/m -> m",
    });
    state = jobsReducer(state, {
      type: "jobs/event",
      id: "j",
      event: { type: "step", step: "download", status: "started" },
    });
    state = jobsReducer(state, {
      type: "jobs/event",
      id: "j",
      event: {
        type: "progress",
        step: "download",
        filesDone: 1,
        filesTotal: 3,
        bytesDone: 500_000,
        bytesTotal: 1_000_000,
        bytesPerSecond: 100_000,
      },
    });
    const frame = show(<JobsScreen state={state} width={80} />);
    expect(frame).toContain("running   pull gs://t/m -> m");
    expect(frame).toContain("[>] download  [ ] install");
    expect(frame).toMatch(/\[#+-+\] 50%/);
    expect(frame).toMatch(/500\.0 kB \/ 1\.0 MB, files 1\/3, 100\.0 kB\/s, ETA 5s/);
    ui?.unmount();
    state = jobsReducer(state, {
      type: "jobs/finished",
      snapshot: {
        id: "j",
        kind: "pull",
        state: "failed",
        startedAt: "",
        params: {},
        eventCount: 2,
        error: { code: "NOT_FOUND", message: "No export at gs://t/m: check the path." },
      },
    });
    expect(show(<JobsScreen state={state} width={80} />)).toContain(
      "NOT_FOUND: No export at gs://t/m: check the path.",
    );
  });
  it("says how to start a job", () => {
    expect(show(<JobsScreen state={initialJobsState} width={80} />)).toContain("No jobs yet");
  });
});

describe("HelpScreen", () => {
  it("lists the global keys and the screen's commands", () => {
    const frame = show(<HelpScreen screen="models" />);
    expect(frame).toContain("q");
    expect(frame).toContain("pull a new version from gs://");
  });
});
