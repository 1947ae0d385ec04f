/** One progress line: a label, a bar, amounts, rate and ETA. Pure, so it can be tested. */
export interface ProgressState {
  label: string;
  current: number;
  total?: number;
  unit?: "bytes" | "files" | "items";
  /** Bytes (or units) per second. */
  rate?: number;
}

export function formatBytes(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

function amount(n: number, unit: ProgressState["unit"]): string {
  return unit === "bytes" ? formatBytes(n) : String(n);
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "";
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, "0")}s`;
}

/** Renders the line at a given width, e.g. `download [#######.....]  42% 12.0 MB/28.6 MB 4.1 MB/s eta 4s`. */
export function renderProgress(p: ProgressState, width = 80): string {
  const parts: string[] = [];
  if (p.total !== undefined && p.total > 0) {
    const fraction = Math.min(1, p.current / p.total);
    parts.push(
      `${String(Math.floor(fraction * 100)).padStart(3)}%`,
      `${amount(p.current, p.unit)}/${amount(p.total, p.unit)}`,
    );
  } else {
    parts.push(amount(p.current, p.unit));
  }
  if (p.rate !== undefined && p.rate > 0) {
    parts.push(`${amount(p.rate, p.unit)}/s`);
    if (p.total !== undefined && p.total > p.current)
      parts.push(`eta ${formatEta((p.total - p.current) / p.rate)}`);
  }
  const tail = parts.join(" ");
  const label = p.label.length > 24 ? `${p.label.slice(0, 23)}…` : p.label;
  const barWidth = Math.max(0, width - label.length - tail.length - 5);
  if (p.total === undefined || p.total <= 0 || barWidth < 5) return `${label} ${tail}`;
  const filled = Math.round(Math.min(1, p.current / p.total) * barWidth);
  return `${label} [${"#".repeat(filled)}${".".repeat(barWidth - filled)}] ${tail}`;
}
