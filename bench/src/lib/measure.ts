/** What a benchmark prints: rates of the measured path and its baseline, and their ratio. */
export interface Comparison {
  name: string;
  unit: string;
  measured: number;
  baseline: number;
  baselineName: string;
  /** The target ratio measured / baseline (>= target passes), if the issue sets one. */
  target?: number;
  notes?: string;
}

/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up) and returns operations/second. */
export async function ratePerSecond(
  fn: () => unknown | Promise<unknown>,
  ms = 2000,
  warmupMs = 300,
): Promise<number> {
  const run = async (limit: number): Promise<{ ops: number; elapsed: number }> => {
    const start = performance.now();
    let ops = 0;
    while (performance.now() - start < limit) {
      await fn();
      ops++;
    }
    return { ops, elapsed: performance.now() - start };
  };
  await run(warmupMs);
  const { ops, elapsed } = await run(ms);
  return (ops * 1000) / elapsed;
}

/** Median of a few timed runs of `fn` (seconds), for work too large to loop. */
export async function medianSeconds(fn: () => unknown | Promise<unknown>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3));

/** Prints one comparison as a readable block and returns it as a line of JSON for collection. */
export function report(c: Comparison): Comparison & { ratio: number } {
  const ratio = c.measured / c.baseline;
  const verdict =
    c.target === undefined
      ? ""
      : ratio >= c.target
        ? `  (target >= ${c.target}: met)`
        : `  (target >= ${c.target}: NOT met)`;
  console.log(`\n## ${c.name}`);
  console.log(`  measured:  ${fmt(c.measured)} ${c.unit}`);
  console.log(`  baseline:  ${fmt(c.baseline)} ${c.unit}  (${c.baselineName})`);
  console.log(`  ratio:     ${ratio.toFixed(3)}${verdict}`);
  if (c.notes) console.log(`  notes:     ${c.notes}`);
  return { ...c, ratio };
}
