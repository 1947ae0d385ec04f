import {
  type DeploymentsAction,
  type DeploymentsState,
  deploymentsReducer,
  initialDeploymentsState,
} from "./deployments-reducer.js";
import { initialJobsState, type JobsAction, type JobsState, jobsReducer } from "./jobs-reducer.js";
import { initialLogsState, type LogsAction, type LogsState, logsReducer } from "./logs-reducer.js";
import { initialModelsState, type ModelsAction, type ModelsState, modelsReducer } from "./models-reducer.js";
import {
  initialPredictState,
  type PredictAction,
  type PredictState,
  predictReducer,
} from "./predict-reducer.js";

/** The screens, in tab order. */
export const SCREENS = ["models", "deployments", "logs", "predict", "jobs"] as const;
export type ScreenId = (typeof SCREENS)[number];

export interface UiState {
  screen: ScreenId;
  help: boolean;
  size: { columns: number; rows: number };
  models: ModelsState;
  deployments: DeploymentsState;
  logs: LogsState;
  predict: PredictState;
  jobs: JobsState;
}

export type UiAction =
  | { type: "ui/screen"; screen: ScreenId }
  | { type: "ui/cycle"; delta: number }
  | { type: "ui/help"; open?: boolean }
  | { type: "ui/resize"; columns: number; rows: number }
  | ModelsAction
  | DeploymentsAction
  | LogsAction
  | PredictAction
  | JobsAction;

export function initialUiState(size = { columns: 80, rows: 24 }): UiState {
  return {
    screen: "models",
    help: false,
    size,
    models: initialModelsState,
    deployments: initialDeploymentsState,
    logs: initialLogsState,
    predict: initialPredictState,
    jobs: initialJobsState,
  };
}

/** The whole UI's state: routes each action to its screen's reducer. Pure. */
export function uiReducer(state: UiState, action: UiAction): UiState {
  const [scope] = action.type.split("/");
  switch (scope) {
    case "ui":
      return frameReducer(state, action);
    case "models":
      return { ...state, models: modelsReducer(state.models, action as ModelsAction) };
    case "deployments":
      return { ...state, deployments: deploymentsReducer(state.deployments, action as DeploymentsAction) };
    case "logs":
      return { ...state, logs: logsReducer(state.logs, action as LogsAction) };
    case "predict":
      return { ...state, predict: predictReducer(state.predict, action as PredictAction) };
    case "jobs":
      return { ...state, jobs: jobsReducer(state.jobs, action as JobsAction) };
    default:
      return state;
  }
}

function frameReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case "ui/screen":
      return { ...state, screen: action.screen, help: false };
    case "ui/cycle": {
      const i = SCREENS.indexOf(state.screen);
      const n = SCREENS.length;
      return { ...state, screen: SCREENS[(((i + action.delta) % n) + n) % n] ?? "models", help: false };
    }
    case "ui/help":
      return { ...state, help: action.open ?? !state.help };
    case "ui/resize":
      return { ...state, size: { columns: action.columns, rows: action.rows } };
    default:
      return state;
  }
}

/** Whether keystrokes go to a text field (so letters are not commands). */
export function isEditing(state: UiState): boolean {
  if (state.screen === "models")
    return state.models.mode.kind === "pull" || state.models.mode.kind === "label";
  if (state.screen === "logs") return state.logs.editingFilter;
  if (state.screen === "predict") return state.predict.form.fields.length > 0;
  return false;
}
