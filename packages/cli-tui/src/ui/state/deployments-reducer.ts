import type { Deployment, VersionStatus } from "@bqdeploy/core";
import { clampSelection, moveSelection } from "./selection.js";

export interface DeploymentsState {
  items: Deployment[];
  /** Model version states per deployment id (from the first replica's status endpoint). */
  versions: Record<string, VersionStatus[]>;
  selected: number;
  /** Runtimes that could not answer (Docker not running), with why. */
  unavailable: string[];
  /** A deployment being started or stopped. */
  busy?: string;
  error?: string;
}

export type DeploymentsAction =
  | { type: "deployments/loaded"; items: Deployment[]; unavailable: string[] }
  | { type: "deployments/versions"; id: string; versions: VersionStatus[] }
  | { type: "deployments/move"; delta: number }
  | { type: "deployments/busy"; what: string }
  | { type: "deployments/done" }
  | { type: "deployments/failed"; error: string };

export const initialDeploymentsState: DeploymentsState = {
  items: [],
  versions: {},
  selected: 0,
  unavailable: [],
};

/** The Deployments screen. Pure. */
export function deploymentsReducer(state: DeploymentsState, action: DeploymentsAction): DeploymentsState {
  switch (action.type) {
    case "deployments/loaded":
      return {
        ...state,
        items: action.items,
        unavailable: action.unavailable,
        selected: clampSelection(state.selected, action.items.length),
      };
    case "deployments/versions":
      return { ...state, versions: { ...state.versions, [action.id]: action.versions } };
    case "deployments/move":
      return { ...state, selected: moveSelection(state.selected, action.delta, state.items.length) };
    case "deployments/busy":
      return { ...state, busy: action.what, error: undefined };
    case "deployments/done":
      return { ...state, busy: undefined };
    case "deployments/failed":
      return { ...state, busy: undefined, error: action.error };
  }
}

/** The deployment the cursor is on. */
export function selectedDeployment(state: DeploymentsState): Deployment | undefined {
  return state.items[state.selected];
}

/** "3m 12s" since an ISO time. */
export function uptime(startedAt: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
