import type { Intent } from "./key-bindings.js";
import { changeRepository, type Dispatch, startPull } from "./model-effects.js";
import {
  loadDeployments,
  loadSignature,
  sendPredict,
  startDeployment,
  stopDeployment,
} from "./serving-effects.js";
import type { UiServices } from "./services.js";
import { selectedDeployment } from "./state/deployments-reducer.js";
import { checkModelsForm, selectedModel } from "./state/models-reducer.js";
import { predictInstance } from "./state/predict-reducer.js";
import type { UiState } from "./state/ui-reducer.js";

/** What a key press may do beyond the reducers: quit, and follow a deployment's logs. */
export interface IntentContext {
  /** Undefined while core loads: only quit, help and screen changes work then. */
  services: UiServices | undefined;
  dispatch: Dispatch;
  exit(): void;
  openLogs(id: string): void;
}

/** The context once the services are there (every screen's own keys). */
type ReadyContext = IntentContext & { services: UiServices };

/** Routes an intent to the current screen: reducer actions for state, effects for core calls. */
export function handleIntent(intent: Intent, state: UiState, ctx: IntentContext): void {
  const { dispatch } = ctx;
  if (intent === "quit") {
    ctx.exit();
    return;
  }
  if (intent === "help") {
    dispatch({ type: "ui/help" });
    return;
  }
  if (state.help && intent === "escape") {
    dispatch({ type: "ui/help", open: false });
    return;
  }
  if (intent === "next-screen" && !inForm(state)) {
    dispatch({ type: "ui/cycle", delta: 1 });
    return;
  }
  if (intent === "prev-screen" && !inForm(state)) {
    dispatch({ type: "ui/cycle", delta: -1 });
    return;
  }
  if (typeof intent === "object" && "screen" in intent) {
    dispatch({ type: "ui/screen", screen: intent.screen });
    return;
  }
  if (!ctx.services) return;
  const ready: ReadyContext = { ...ctx, services: ctx.services };
  switch (state.screen) {
    case "models": {
      modelsIntent(intent, state, ready);
      return;
    }
    case "deployments": {
      deploymentsIntent(intent, state, ready);
      return;
    }
    case "logs": {
      logsIntent(intent, state, ready);
      return;
    }
    case "predict": {
      predictIntent(intent, state, ready);
      return;
    }
    case "jobs": {
      jobsIntent(intent, state, ready);
      return;
    }
  }
}

/** Tab moves between fields inside the Models forms rather than between screens. */
function inForm(state: UiState): boolean {
  return (
    state.screen === "models" && (state.models.mode.kind === "pull" || state.models.mode.kind === "label")
  );
}

function command(intent: Intent): string | undefined {
  return typeof intent === "object" && "command" in intent ? intent.command : undefined;
}

function modelsIntent(intent: Intent, state: UiState, ctx: ReadyContext): void {
  const { dispatch, services } = ctx;
  const mode = state.models.mode;
  const model = selectedModel(state.models);
  if (mode.kind === "pull" || mode.kind === "label") {
    if (typeof intent === "object" && "text" in intent) {
      dispatch({ type: "models/type", text: intent.text });
      return;
    }
    if (intent === "backspace") {
      dispatch({ type: "models/backspace" });
      return;
    }
    if (intent === "escape") {
      dispatch({ type: "models/cancel" });
      return;
    }
    if (intent === "next-screen" || intent === "down") {
      dispatch({ type: "models/next-field", delta: 1 });
      return;
    }
    if (intent === "prev-screen" || intent === "up") {
      dispatch({ type: "models/next-field", delta: -1 });
      return;
    }
    if (intent !== "enter") return;
    const checked = checkModelsForm(mode.form);
    if (!checked.values) {
      dispatch({ type: "models/invalid", form: checked.form });
      return;
    }
    const values = checked.values;
    if (mode.kind === "pull") {
      startPull(services, dispatch, values.source ?? "", values.model ?? "");
      dispatch({ type: "models/submitted", message: `Pulling ${values.source} (see Jobs, 5)` });
      return;
    }
    if (!model) return;
    void changeRepository(services, dispatch, async () => {
      await services.repository.setLabel(model.name, values.label ?? "", Number(values.version));
      return `Label ${values.label} -> ${model.name} version ${values.version}`;
    });
    return;
  }
  if (mode.kind === "confirm") {
    if (intent === "escape" || command(intent) === "no") {
      dispatch({ type: "models/cancel" });
      return;
    }
    if ((intent !== "enter" && command(intent) !== "yes") || !model) return;
    void changeRepository(services, dispatch, async () => {
      if (mode.action === "rollback") {
        await services.repository.rollback(model.name);
        return `Rolled back ${model.name}`;
      }
      const result = await services.repository.prune(model.name, { keep: mode.keep });
      return `Pruned ${model.name}: removed ${result.removed.join(", ") || "nothing"}, kept ${result.kept.join(", ")}`;
    });
    return;
  }
  if (intent === "up" || intent === "down") {
    dispatch({ type: "models/move", delta: intent === "up" ? -1 : 1 });
    return;
  }
  switch (command(intent)) {
    case "pull": {
      dispatch({ type: "models/open-pull" });
      return;
    }
    case "label": {
      dispatch({ type: "models/open-label" });
      return;
    }
    case "rollback": {
      dispatch({ type: "models/confirm", action: "rollback" });
      return;
    }
    case "prune": {
      dispatch({ type: "models/confirm", action: "prune" });
      return;
    }
    case "refresh":
      void changeRepository(services, dispatch, async () => "Reloaded");
      return;
  }
  if (intent === "enter" && model) {
    void startDeployment(services, dispatch, "embedded", model.name);
    dispatch({ type: "ui/screen", screen: "deployments" });
  }
}

function deploymentsIntent(intent: Intent, state: UiState, ctx: ReadyContext): void {
  const { dispatch, services } = ctx;
  if (intent === "up" || intent === "down") {
    dispatch({ type: "deployments/move", delta: intent === "up" ? -1 : 1 });
    return;
  }
  const deployment = selectedDeployment(state.deployments);
  const model = selectedModel(state.models);
  switch (command(intent)) {
    case "start":
    case "start-docker":
      if (!model) {
        dispatch({ type: "deployments/failed", error: "No model to start: pull one on Models (1)." });
        return;
      }
      void startDeployment(
        services,
        dispatch,
        command(intent) === "start" ? "embedded" : "docker",
        model.name,
      );
      return;
    case "stop":
      if (deployment) void stopDeployment(services, dispatch, deployment.id);
      return;
    case "refresh":
      void loadDeployments(services, dispatch);
      return;
    case "logs":
      if (!deployment) return;
      ctx.openLogs(deployment.id);
      {
        dispatch({ type: "ui/screen", screen: "logs" });
        return;
      }
  }
  if ((command(intent) === "predict" || intent === "enter") && deployment?.endpoints[0]) {
    const target = {
      deploymentId: deployment.id,
      model: deployment.model,
      endpoint: deployment.endpoints[0],
    };
    void loadSignature(services, dispatch, target);
    dispatch({ type: "ui/screen", screen: "predict" });
  }
}

function logsIntent(intent: Intent, state: UiState, ctx: ReadyContext): void {
  const { dispatch } = ctx;
  if (state.logs.editingFilter) {
    if (typeof intent === "object" && "text" in intent) {
      dispatch({ type: "logs/filter-type", text: intent.text });
      return;
    }
    if (intent === "backspace") {
      dispatch({ type: "logs/filter-backspace" });
      return;
    }
    if (intent === "enter") {
      dispatch({ type: "logs/filter-done" });
      return;
    }
    if (intent === "escape") {
      dispatch({ type: "logs/filter-clear" });
      return;
    }
    return;
  }
  const page = Math.max(1, state.size.rows - 8);
  if (intent === "up") {
    dispatch({ type: "logs/scroll", delta: 1 });
    return;
  }
  if (intent === "down") {
    dispatch({ type: "logs/scroll", delta: -1 });
    return;
  }
  if (intent === "page-up") {
    dispatch({ type: "logs/scroll", delta: page });
    return;
  }
  if (intent === "page-down") {
    dispatch({ type: "logs/scroll", delta: -page });
    return;
  }
  if (intent === "escape") {
    dispatch({ type: "logs/filter-clear" });
    return;
  }
  const c = command(intent);
  if (c === "filter") {
    dispatch({ type: "logs/edit-filter" });
    return;
  }
  if (c === "top") {
    dispatch({ type: "logs/scroll", delta: state.logs.lines.length });
    return;
  }
  if (c === "bottom") {
    dispatch({ type: "logs/scroll", delta: -state.logs.lines.length });
    return;
  }
}

function predictIntent(intent: Intent, state: UiState, ctx: ReadyContext): void {
  const { dispatch, services } = ctx;
  const p = state.predict;
  if (typeof intent === "object" && "text" in intent) {
    dispatch({ type: "predict/type", text: intent.text });
    return;
  }
  if (intent === "backspace") {
    dispatch({ type: "predict/backspace" });
    return;
  }
  if (intent === "down") {
    dispatch({ type: "predict/next-field", delta: 1 });
    return;
  }
  if (intent === "up") {
    dispatch({ type: "predict/next-field", delta: -1 });
    return;
  }
  if (command(intent) === "reset" && p.target) {
    void loadSignature(services, dispatch, p.target);
    return;
  }
  if (intent !== "enter" || !p.target || p.sending) return;
  const checked = predictInstance(p);
  if (!checked.instance) {
    dispatch({ type: "predict/invalid", form: checked.form });
    return;
  }
  void sendPredict(services, dispatch, p.target, checked.instance, p.signatureName);
}

function jobsIntent(intent: Intent, state: UiState, ctx: ReadyContext): void {
  if (intent === "up" || intent === "down") {
    ctx.dispatch({ type: "jobs/move", delta: intent === "up" ? -1 : 1 });
    return;
  }
  const job = state.jobs.jobs[state.jobs.selected];
  if (command(intent) === "cancel" && job) ctx.services.jobs.cancel(job.id);
}
