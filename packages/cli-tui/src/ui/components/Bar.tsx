import { Text } from "ink";
import { useColour } from "./theme.js";

/** A progress bar of `width` cells (ASCII, so it reads without colour or Unicode). */
export function Bar({ done, total, width }: { done: number; total: number; width: number }) {
  const colour = useColour();
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(fraction * width);
  return (
    <Text>
      [<Text color={colour("green")}>{"#".repeat(filled)}</Text>
      {"-".repeat(width - filled)}] {Math.floor(fraction * 100)}%
    </Text>
  );
}
