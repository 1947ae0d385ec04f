import { Box, Text } from "ink";
import { formatBytes } from "../../output/progress-bar.js";
import type { ModelsState } from "../state/models-reducer.js";
import { FormView } from "./FormView.js";
import { useColour } from "./theme.js";

function ModeView({ state }: { state: ModelsState }) {
  const colour = useColour();
  const mode = state.mode;
  const model = state.models[state.selected]?.name ?? "";
  if (mode.kind === "pull")
    return (
      <Box flexDirection="column" borderStyle="single" paddingX={1}>
        <Text bold>Pull a new version (enter: pull, tab: next field, esc: cancel)</Text>
        <FormView form={mode.form} labelWidth={10} />
      </Box>
    );
  if (mode.kind === "label")
    return (
      <Box flexDirection="column" borderStyle="single" paddingX={1}>
        <Text bold>Set a label on {model} (enter: save, esc: cancel)</Text>
        <FormView form={mode.form} labelWidth={10} />
      </Box>
    );
  if (mode.kind === "confirm")
    return (
      <Box borderStyle="single" paddingX={1}>
        <Text color={colour("yellow")}>
          {mode.action === "prune"
            ? `Prune ${model}: remove every version but the newest ${mode.keep}?`
            : `Roll back ${model}: remove its latest version?`}{" "}
          (y / enter: yes, n / esc: no)
        </Text>
      </Box>
    );
  return null;
}

/** Every model of the repository with its versions, labels, source, size and type. */
export function ModelsScreen({ state, height }: { state: ModelsState; height: number }) {
  const colour = useColour();
  const rows: { key: string; text: string; selected: boolean; model: boolean }[] = [];
  state.models.forEach((m, i) => {
    rows.push({
      key: m.name,
      text: `${m.name}  (${m.versions.length} versions)`,
      selected: i === state.selected,
      model: true,
    });
    for (const v of [...m.versions].reverse()) {
      const labels = v.labels.length ? ` [${v.labels.join(",")}]` : "";
      const size = v.sizeBytes === undefined ? "?" : formatBytes(v.sizeBytes);
      rows.push({
        key: `${m.name}/${v.version}`,
        text: `    v${String(v.version).padEnd(4)}${(v.modelType ?? "unknown").padEnd(16)}${size.padEnd(10)}${v.source ?? "(copied in)"}${labels}`,
        selected: false,
        model: false,
      });
    }
  });
  const listHeight = Math.max(1, height - (state.mode.kind === "list" ? 3 : 7));
  return (
    <Box flexDirection="column">
      <Text bold>{"    VER  TYPE            SIZE      SOURCE [LABELS]"}</Text>
      {state.loading && state.models.length === 0 ? <Text>Loading the repository...</Text> : null}
      {!state.loading && state.models.length === 0 ? (
        <Text>No models yet. Press p to pull one from gs://.</Text>
      ) : null}
      {rows.slice(0, listHeight).map((r) => (
        <Text key={r.key} wrap="truncate" bold={r.model} color={r.selected ? colour("cyan") : undefined}>
          {r.selected ? "> " : "  "}
          {r.text}
        </Text>
      ))}
      <ModeView state={state} />
      {state.error ? (
        <Text color={colour("red")} wrap="wrap">
          Error: {state.error}
        </Text>
      ) : state.message ? (
        <Text color={colour("green")}>{state.message}</Text>
      ) : null}
    </Box>
  );
}
