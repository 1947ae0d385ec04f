import { Box, Text } from "ink";
import type { PredictState } from "../state/predict-reducer.js";
import { FormView } from "./FormView.js";
import { useColour } from "./theme.js";

/** A request form generated from the model's signature, the answer with its latency, and the history. */
export function PredictScreen({ state, height }: { state: PredictState; height: number }) {
  const colour = useColour();
  if (!state.target)
    return <Text>No target: select a deployment (2) and press e (or enter) to predict against it.</Text>;
  const historyRows = Math.max(0, height - state.form.fields.length - 5);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        {state.target.model} at {state.target.endpoint}
        {state.signatureName ? `  signature ${state.signatureName}` : ""}
        {"  "}(up/down: field, enter: send)
      </Text>
      {state.loading ? (
        <Text>Reading the model's signature...</Text>
      ) : (
        <FormView form={state.form} labelWidth={30} />
      )}
      {state.sending ? <Text color={colour("yellow")}>Sending...</Text> : null}
      {state.response !== undefined ? (
        <Text wrap="truncate" color={colour("green")}>
          Response ({state.latencyMs?.toFixed(1)} ms): {state.response}
        </Text>
      ) : null}
      {state.error ? (
        <Text wrap="wrap" color={colour("red")}>
          Error: {state.error}
        </Text>
      ) : null}
      {state.history.length > 0 && historyRows > 1 ? <Text bold>History</Text> : null}
      {state.history.slice(0, Math.max(0, historyRows - 1)).map((h, i) => (
        <Text key={`${h.at}-${i}`} wrap="truncate" color={h.ok ? undefined : colour("red")}>
          {h.at.slice(11, 19)} {h.latencyMs.toFixed(1).padStart(7)} ms {h.ok ? "ok " : "err"} {h.summary}
        </Text>
      ))}
    </Box>
  );
}
