/** Moves a list selection by `delta`, clamped to the list. */
export function moveSelection(selected: number, delta: number, length: number): number {
  if (length === 0) return 0;
  return Math.min(length - 1, Math.max(0, selected + delta));
}

/** Keeps a selection inside a list that changed length. */
export function clampSelection(selected: number, length: number): number {
  return length === 0 ? 0 : Math.min(selected, length - 1);
}
