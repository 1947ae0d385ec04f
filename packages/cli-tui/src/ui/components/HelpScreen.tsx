import { Box, Text } from "ink";
import { GLOBAL_KEYS, SCREEN_COMMANDS } from "../key-bindings.js";
import type { ScreenId } from "../state/ui-reducer.js";

/** Every key of this screen and the global ones (from key-bindings.ts). */
export function HelpScreen({ screen }: { screen: ScreenId }) {
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text bold>Keys (esc or ? to close)</Text>
      {GLOBAL_KEYS.map(([k, d]) => (
        <Text key={k}>
          {k.padEnd(18)}
          {d}
        </Text>
      ))}
      <Text bold>On {screen}</Text>
      {SCREEN_COMMANDS[screen].map(([k, , d]) => (
        <Text key={k}>
          {k.padEnd(18)}
          {d}
        </Text>
      ))}
      {screen === "predict" ? (
        <Text>On Predict, letters go to the fields: tab leaves, ctrl+c quits.</Text>
      ) : null}
    </Box>
  );
}
