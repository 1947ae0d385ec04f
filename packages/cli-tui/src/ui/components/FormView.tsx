import { Box, Text } from "ink";
import type { Form } from "../state/form.js";
import { useColour } from "./theme.js";

/** A form: one line per field, the focused one marked, errors beside the value as the user types. */
export function FormView({ form, labelWidth = 16 }: { form: Form; labelWidth?: number }) {
  const colour = useColour();
  return (
    <Box flexDirection="column">
      {form.fields.map((f, i) => {
        const focused = i === form.focus;
        return (
          <Text key={f.name} wrap="truncate">
            <Text color={focused ? colour("cyan") : undefined}>
              {focused ? "> " : "  "}
              {`${f.label}${f.hint ? ` (${f.hint})` : ""}`.padEnd(labelWidth).slice(0, labelWidth)}
            </Text>
            <Text> [{f.value}</Text>
            <Text color={colour("cyan")}>{focused ? "_" : ""}</Text>
            <Text>] </Text>
            {f.error ? (
              <Text color={colour("red")}>! {f.error}</Text>
            ) : (
              <Text color={colour("green")}>ok</Text>
            )}
          </Text>
        );
      })}
    </Box>
  );
}
