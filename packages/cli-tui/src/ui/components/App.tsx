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
  /**
   * The core services; a promise while they load (`bqdeploy ui` draws its first frame before core is
   * loaded: the screens show their loading states, and keys other than screen changes and quit wait).
   */
  services: UiServices | Promise<UiServices>;
  /** Shown in the title bar (the repository folder). */
  repoLabel: string;
}

/** Longer than Ink's render throttle (1000 ms / 30): a state change reaches the terminal within it. */
const AFTER_NEXT_FRAME_MS = 50;

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

/** The services once they are there; a failure to make them ends the UI with that error. */
function useServices(given: UiServices | Promise<UiServices>, fail: (err: Error) => void) {
  const [ready, setReady] = useState(given instanceof Promise ? undefined : given);
  useEffect(() => {
    if (!(given instanceof Promise)) {
      setReady(given);
      return;
    }
    let live = true;
    given.then(
      (services) => live && setReady(services),
      (err: unknown) => live && fail(err instanceof Error ? err : new Error(String(err))),
    );
    return () => {
      live = false;
    };
  }, [given, fail]);
  return ready;
}

/** The full-screen UI: title with tabs, the current screen, a footer of keys. Renders state, forwards keys. */
export function App({ services: given, repoLabel }: AppProps) {
  const { stdout } = useStdout();
  const { exit } = useApp();
  const services = useServices(given, exit);
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
    if (!services) return;
    // The repository first (the Models screen is the first one), and drawn before deployments are listed:
    // that may load the Docker client, a few hundred ms of synchronous work.
    let deferred: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    void loadModels(services, dispatch).then(() => {
      if (live) deferred = setTimeout(() => void loadDeployments(services, dispatch), AFTER_NEXT_FRAME_MS);
    });
    const timer = setInterval(() => {
      setNow(Date.now());
      void loadDeployments(services, dispatch);
    }, services.refreshMs ?? 1000);
    return () => {
      live = false;
      clearTimeout(deferred);
      clearInterval(timer);
      logsFollow.current?.abort();
    };
  }, [services]);

  const openLogs = useCallback(
    (id: string) => {
      logsFollow.current?.abort();
      const controller = new AbortController();
      logsFollow.current = controller;
      if (services) void followLogs(services, dispatch, id, controller.signal);
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
