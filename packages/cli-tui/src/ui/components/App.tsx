import { Box, Text, useApp, useInput, useStdout } from "ink";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { handleIntent } from "../handle-intent.js";
import { backspaceCount, intentFor, SCREEN_COMMANDS } from "../key-bindings.js";
import { loadModels } from "../model-effects.js";
import { followLogs, loadDeployments } from "../serving-effects.js";
import type { UiServices } from "../services.js";
import {
  initialUiState,
  isEditing,
  SCREENS,
  type UiAction,
  type UiState,
  uiReducer,
} from "../state/ui-reducer.js";
import { DeploymentsScreen } from "./DeploymentsScreen.js";
import { HelpScreen } from "./HelpScreen.js";
import { JobsScreen } from "./JobsScreen.js";
import { LogsScreen } from "./LogsScreen.js";
import { ModelsScreen } from "./ModelsScreen.js";
import { PredictScreen } from "./PredictScreen.js";
import { useColour } from "./theme.js";

export interface AppProps {
  services: UiServices;
  /** Shown in the title bar (the repository folder). */
  repoLabel: string;
}

const TITLES = {
  models: "Models",
  deployments: "Deployments",
  logs: "Logs",
  predict: "Predict",
  jobs: "Jobs",
};

function useTerminalSize(dispatch: (a: UiAction) => void): void {
  const { stdout } = useStdout();
  useEffect(() => {
    const onResize = () =>
      dispatch({ type: "ui/resize", columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on("resize", onResize);
    return () => {
      stdout.off("resize", onResize);
    };
  }, [stdout, dispatch]);
}

function Body({ state, now }: { state: UiState; now: number }) {
  const height = state.size.rows - 4;
  if (state.help) return <HelpScreen screen={state.screen} />;
  switch (state.screen) {
    case "models":
      return <ModelsScreen state={state.models} height={height} />;
    case "deployments":
      return <DeploymentsScreen state={state.deployments} now={now} />;
    case "logs":
      return <LogsScreen state={state.logs} height={height} />;
    case "predict":
      return <PredictScreen state={state.predict} height={height} />;
    case "jobs":
      return <JobsScreen state={state.jobs} width={state.size.columns} />;
  }
}

/** The full-screen UI: title with tabs, the current screen, a footer of keys. Renders state, forwards keys. */
export function App({ services, repoLabel }: AppProps) {
  const { stdout } = useStdout();
  const { exit } = useApp();
  const colour = useColour();
  const [state, dispatch] = useReducer(
    uiReducer,
    { columns: stdout.columns || 80, rows: stdout.rows || 24 },
    initialUiState,
  );
  const [now, setNow] = useState(Date.now());
  const stateRef = useRef(state);
  stateRef.current = state;
  const logsFollow = useRef<AbortController | undefined>(undefined);
  useTerminalSize(dispatch);

  useEffect(() => {
    void loadModels(services, dispatch);
    void loadDeployments(services, dispatch);
    const timer = setInterval(() => {
      setNow(Date.now());
      void loadDeployments(services, dispatch);
    }, services.refreshMs ?? 1000);
    return () => {
      clearInterval(timer);
      logsFollow.current?.abort();
    };
  }, [services]);

  const openLogs = useCallback(
    (id: string) => {
      logsFollow.current?.abort();
      const controller = new AbortController();
      logsFollow.current = controller;
      void followLogs(services, dispatch, id, controller.signal);
    },
    [services],
  );

  useInput((input, key) => {
    const current = stateRef.current;
    const ctx = { services, dispatch, exit: () => exit(), openLogs };
    const backspaces = backspaceCount(input);
    if (backspaces > 1) {
      for (let i = 0; i < backspaces; i++) handleIntent("backspace", current, ctx);
      return;
    }
    const intent = intentFor(input, key, current.screen, isEditing(current));
    if (intent) handleIntent(intent, current, ctx);
  });

  const { columns, rows } = state.size;
  const keys = SCREEN_COMMANDS[state.screen].map(([k, c]) => `${k} ${c}`).join("  ");
  return (
    <Box flexDirection="column" width={columns} height={Math.max(5, rows - 1)}>
      <Box>
        <Text bold color={colour("cyan")}>
          bqdeploy ui{" "}
        </Text>
        <Text wrap="truncate">
          {SCREENS.map((s, i) =>
            s === state.screen ? `[${i + 1} ${TITLES[s]}]` : ` ${i + 1} ${TITLES[s]} `,
          ).join("")}
        </Text>
      </Box>
      <Text wrap="truncate" dimColor>
        repo {repoLabel}
      </Text>
      <Box flexDirection="column" flexGrow={1} overflow="hidden">
        <Body state={state} now={now} />
      </Box>
      <Text wrap="truncate" dimColor>
        {keys} tab next ? help q quit
      </Text>
    </Box>
  );
}
