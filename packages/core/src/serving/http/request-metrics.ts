/**
 * Request counts and latencies for /monitoring/prometheus/metrics, named like TF Serving's
 * (`:tensorflow:serving:request_count`, `:tensorflow:serving:request_latency`).
 */
export class RequestMetrics {
  private readonly counts = new Map<string, number>();
  private readonly latency = new Map<string, { buckets: number[]; sum: number; count: number }>();
  /** Latency bucket bounds in microseconds, as TF Serving reports them. */
  static readonly BOUNDS = [100, 500, 1_000, 5_000, 10_000, 50_000, 100_000, 500_000, 1_000_000, 10_000_000];

  /** Records one finished request; `status` is the TF status code name ("OK", "NOT_FOUND", ...). */
  record(model: string, api: string, status: string, micros: number): void {
    // Model names come from request paths: bound how many distinct series a client can create.
    if (this.latency.size >= MAX_SERIES && !this.latency.has(`${model}\u0000${api}`)) model = "__other__";
    const countKey = `${model}\u0000${status}`;
    this.counts.set(countKey, (this.counts.get(countKey) ?? 0) + 1);
    const latencyKey = `${model}\u0000${api}`;
    let l = this.latency.get(latencyKey);
    if (!l) {
      l = { buckets: new Array<number>(RequestMetrics.BOUNDS.length).fill(0), sum: 0, count: 0 };
      this.latency.set(latencyKey, l);
    }
    const bounds = RequestMetrics.BOUNDS;
    for (let i = 0; i < bounds.length; i++) if (micros <= bounds[i]!) l.buckets[i]!++;
    l.sum += micros;
    l.count++;
  }

  /** Prometheus text exposition format. */
  render(): string {
    const lines: string[] = [
      "# TYPE :tensorflow:serving:request_count counter",
      ...[...this.counts].map(([key, n]) => {
        const [model, status] = key.split("\u0000");
        return `:tensorflow:serving:request_count{model_name="${labelValue(model!)}",status="${status}"} ${n}`;
      }),
      "# TYPE :tensorflow:serving:request_latency histogram",
    ];
    for (const [key, l] of this.latency) {
      const [model, api] = key.split("\u0000");
      const labels = `model_name="${labelValue(model!)}",API="${api}",entrypoint="REST"`;
      RequestMetrics.BOUNDS.forEach((bound, i) => {
        lines.push(`:tensorflow:serving:request_latency_bucket{${labels},le="${bound}"} ${l.buckets[i]}`);
      });
      lines.push(`:tensorflow:serving:request_latency_bucket{${labels},le="+Inf"} ${l.count}`);
      lines.push(`:tensorflow:serving:request_latency_sum{${labels}} ${l.sum}`);
      lines.push(`:tensorflow:serving:request_latency_count{${labels}} ${l.count}`);
    }
    return `${lines.join("\n")}\n`;
  }
}

const MAX_SERIES = 1_000;

const labelValue = (value: string): string =>
  value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
