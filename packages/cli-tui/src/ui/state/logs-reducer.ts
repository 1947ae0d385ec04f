import type { LogLine } from "@bqdeploy/core";

export interface LogsState {
  /** The deployment whose logs are followed. */
  source?: string;
  lines: LogLine[];
  /** Lines scrolled up from the newest (0 = follow the tail). */
  scroll: number;
  filter: string;
  editingFilter: boolean;
  error?: string;
}

export type LogsAction =
  | { type: "logs/open"; source: string }
  | { type: "logs/lines"; lines: LogLine[] }
  | { type: "logs/scroll"; delta: number }
  | { type: "logs/edit-filter" }
  | { type: "logs/filter-type"; text: string }
  | { type: "logs/filter-backspace" }
  | { type: "logs/filter-done" }
  | { type: "logs/filter-clear" }
  | { type: "logs/failed"; error: string };

/** Lines kept in memory per followed deployment. */
export const MAX_LOG_LINES = 2000;

export const initialLogsState: LogsState = { lines: [], scroll: 0, filter: "", editingFilter: false };

/** The lines matching the filter (case-insensitive substring). */
export function visibleLines(state: LogsState): LogLine[] {
  const f = state.filter.toLowerCase();
  return f ? state.lines.filter((l) => l.text.toLowerCase().includes(f)) : state.lines;
}

/** The window of `height` lines to show, honouring the scroll position. */
export function logWindow(state: LogsState, height: number): LogLine[] {
  const lines = visibleLines(state);
  const end = Math.max(0, lines.length - state.scroll);
  return lines.slice(Math.max(0, end - height), end);
}

/** The Logs screen. Pure. */
export function logsReducer(state: LogsState, action: LogsAction): LogsState {
  switch (action.type) {
    case "logs/open":
      if (state.source === action.source) return state;
      return { ...initialLogsState, source: action.source };
    case "logs/lines": {
      const lines = [...state.lines, ...action.lines].slice(-MAX_LOG_LINES);
      // While scrolled up, keep the same lines in view as new ones arrive.
      const scroll = state.scroll > 0 ? state.scroll + action.lines.length : 0;
      return { ...state, lines, scroll: Math.min(scroll, lines.length) };
    }
    case "logs/scroll": {
      const max = Math.max(0, visibleLines(state).length - 1);
      return { ...state, scroll: Math.min(max, Math.max(0, state.scroll + action.delta)) };
    }
    case "logs/edit-filter":
      return { ...state, editingFilter: true };
    case "logs/filter-type":
      return { ...state, filter: state.filter + action.text, scroll: 0 };
    case "logs/filter-backspace":
      return { ...state, filter: state.filter.slice(0, -1), scroll: 0 };
    case "logs/filter-done":
      return { ...state, editingFilter: false };
    case "logs/filter-clear":
      return { ...state, filter: "", editingFilter: false, scroll: 0 };
    case "logs/failed":
      return { ...state, error: action.error };
  }
}
