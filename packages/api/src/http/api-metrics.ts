import type { JobSnapshot } from "@bqdeploy/core";

/** Latency bucket bounds in seconds. */
const BOUNDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Route and model labels come from requests: bound how many series a client can create.
const MAX_SERIES = 1_000;

interface Histogram {
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * The API's Prometheus metrics: requests and latency per route and model, predictions per model and
 * outcome, and job outcomes (read from the job registry when rendered).
 */
export class ApiMetrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly predictions = new Map<string, number>();

  /** One finished request; `route` is the route pattern, `model` empty when none. */
  request(method: string, route: string, model: string, status: number, seconds: number): void {
    const series = this.latency.size >= MAX_SERIES ? `${method}\u0000${route}\u0000__other__` : undefined;
    const key = series ?? `${method}\u0000${route}\u0000${model}`;
    this.requests.set(`${key}\u0000${status}`, (this.requests.get(`${key}\u0000${status}`) ?? 0) + 1);
    let h = this.latency.get(key);
    if (!h) {
      h = { buckets: new Array<number>(BOUNDS.length).fill(0), sum: 0, count: 0 };
      this.latency.set(key, h);
    }
    for (let i = 0; i < BOUNDS.length; i++) if (seconds <= BOUNDS[i]!) h.buckets[i]!++;
    h.sum += seconds;
    h.count++;
  }

  /** One prediction (predict, classify or regress) answered with `status`. */
  prediction(model: string, status: number): void {
    const name = this.predictions.size >= MAX_SERIES ? "__other__" : model;
    const key = `${name}\u0000${status < 400 ? "ok" : "error"}`;
    this.predictions.set(key, (this.predictions.get(key) ?? 0) + 1);
  }

  /** Prometheus text exposition format. */
  render(jobs: readonly JobSnapshot[]): string {
    const lines = ["# HELP bqdeploy_api_requests_total HTTP requests by route, model and status."];
    lines.push("# TYPE bqdeploy_api_requests_total counter");
    for (const [key, n] of this.requests) {
      const [method, route, model, status] = key.split("\u0000");
      lines.push(
        `bqdeploy_api_requests_total{method="${method}",route="${esc(route!)}",model="${esc(model!)}",status="${status}"} ${n}`,
      );
    }
    lines.push("# HELP bqdeploy_api_request_duration_seconds Request latency by route and model.");
    lines.push("# TYPE bqdeploy_api_request_duration_seconds histogram");
    for (const [key, h] of this.latency) {
      const [method, route, model] = key.split("\u0000");
      const labels = `method="${method}",route="${esc(route!)}",model="${esc(model!)}"`;
      BOUNDS.forEach((bound, i) => {
        lines.push(`bqdeploy_api_request_duration_seconds_bucket{${labels},le="${bound}"} ${h.buckets[i]}`);
      });
      lines.push(`bqdeploy_api_request_duration_seconds_bucket{${labels},le="+Inf"} ${h.count}`);
      lines.push(`bqdeploy_api_request_duration_seconds_sum{${labels}} ${h.sum}`);
      lines.push(`bqdeploy_api_request_duration_seconds_count{${labels}} ${h.count}`);
    }
    lines.push("# HELP bqdeploy_api_predictions_total Predictions through /v1 by model and outcome.");
    lines.push("# TYPE bqdeploy_api_predictions_total counter");
    for (const [key, n] of this.predictions) {
      const [model, outcome] = key.split("\u0000");
      lines.push(`bqdeploy_api_predictions_total{model="${esc(model!)}",outcome="${outcome}"} ${n}`);
    }
    lines.push("# HELP bqdeploy_api_jobs Jobs by kind and state (running, succeeded, failed, cancelled).");
    lines.push("# TYPE bqdeploy_api_jobs gauge");
    const counts = new Map<string, number>();
    for (const job of jobs)
      counts.set(`${job.kind}\u0000${job.state}`, (counts.get(`${job.kind}\u0000${job.state}`) ?? 0) + 1);
    for (const [key, n] of counts) {
      const [kind, state] = key.split("\u0000");
      lines.push(`bqdeploy_api_jobs{kind="${esc(kind!)}",state="${state}"} ${n}`);
    }
    return `${lines.join("\n")}\n`;
  }
}

const esc = (value: string): string =>
  value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
