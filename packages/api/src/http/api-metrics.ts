import type { JobSnapshot } from "@bqdeploy/core";

/** Latency bucket bounds in seconds. */
const BOUNDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Route and model labels come from requests: bound how many series a client can create.
const MAX_SERIES = 1_000;

/** The requests of one method, route and model: a pre-bound counter for hot paths. */
export class RequestSeries {
  /** Latency histogram: counts per bucket (cumulative when rendered), sum and count. */
  readonly buckets = new Array<number>(BOUNDS.length).fill(0);
  sum = 0;
  count = 0;
  /** Requests by HTTP status. */
  readonly statuses = new Map<number, number>();

  constructor(
    readonly method: string,
    readonly route: string,
    readonly model: string,
  ) {}

  /** One finished request. */
  observe(status: number, seconds: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    for (let i = 0; i < BOUNDS.length; i++) {
      if (seconds <= BOUNDS[i]!) {
        this.buckets[i]!++;
        break;
      }
    }
    this.sum += seconds;
    this.count++;
  }
}

/** The predictions of one model: a pre-bound counter for hot paths. */
export class PredictionSeries {
  ok = 0;
  error = 0;

  constructor(readonly model: string) {}

  /** One prediction answered with `status`. */
  observe(status: number): void {
    if (status < 400) this.ok++;
    else this.error++;
  }
}

/**
 * The API's Prometheus metrics: requests and latency per route and model, predictions per model and
 * outcome, and job outcomes (read from the job registry when rendered).
 */
export class ApiMetrics {
  private readonly requests = new Map<string, RequestSeries>();
  private readonly predictions = new Map<string, PredictionSeries>();

  /** The series of `method`, `route` and `model` (`__other__` once there are too many). */
  series(method: string, route: string, model: string): RequestSeries {
    const key = `${method}\u0000${route}\u0000${model}`;
    let series = this.requests.get(key);
    if (series) return series;
    if (this.requests.size >= MAX_SERIES) {
      const other = `${method}\u0000${route}\u0000__other__`;
      series = this.requests.get(other);
      if (series) return series;
      model = "__other__";
      series = new RequestSeries(method, route, model);
      this.requests.set(other, series);
      return series;
    }
    series = new RequestSeries(method, route, model);
    this.requests.set(key, series);
    return series;
  }

  /** The prediction counter of `model` (`__other__` once there are too many). */
  predictionSeries(model: string): PredictionSeries {
    let series = this.predictions.get(model);
    if (series) return series;
    const name = this.predictions.size >= MAX_SERIES ? "__other__" : model;
    series = this.predictions.get(name);
    if (!series) {
      series = new PredictionSeries(name);
      this.predictions.set(name, series);
    }
    return series;
  }

  /** One finished request; `route` is the route pattern, `model` empty when none. */
  request(method: string, route: string, model: string, status: number, seconds: number): void {
    this.series(method, route, model).observe(status, seconds);
  }

  /** One prediction (predict, classify or regress) answered with `status`. */
  prediction(model: string, status: number): void {
    this.predictionSeries(model).observe(status);
  }

  /** Prometheus text exposition format. */
  render(jobs: readonly JobSnapshot[]): string {
    const lines = ["# HELP bqdeploy_api_requests_total HTTP requests by route, model and status."];
    lines.push("# TYPE bqdeploy_api_requests_total counter");
    for (const s of this.requests.values()) {
      const labels = `method="${s.method}",route="${esc(s.route)}",model="${esc(s.model)}"`;
      for (const [status, n] of s.statuses) {
        lines.push(`bqdeploy_api_requests_total{${labels},status="${status}"} ${n}`);
      }
    }
    lines.push("# HELP bqdeploy_api_request_duration_seconds Request latency by route and model.");
    lines.push("# TYPE bqdeploy_api_request_duration_seconds histogram");
    for (const s of this.requests.values()) {
      const labels = `method="${s.method}",route="${esc(s.route)}",model="${esc(s.model)}"`;
      let cumulative = 0;
      BOUNDS.forEach((bound, i) => {
        cumulative += s.buckets[i]!;
        lines.push(`bqdeploy_api_request_duration_seconds_bucket{${labels},le="${bound}"} ${cumulative}`);
      });
      lines.push(`bqdeploy_api_request_duration_seconds_bucket{${labels},le="+Inf"} ${s.count}`);
      lines.push(`bqdeploy_api_request_duration_seconds_sum{${labels}} ${s.sum}`);
      lines.push(`bqdeploy_api_request_duration_seconds_count{${labels}} ${s.count}`);
    }
    lines.push("# HELP bqdeploy_api_predictions_total Predictions through /v1 by model and outcome.");
    lines.push("# TYPE bqdeploy_api_predictions_total counter");
    for (const s of this.predictions.values()) {
      if (s.ok > 0)
        lines.push(`bqdeploy_api_predictions_total{model="${esc(s.model)}",outcome="ok"} ${s.ok}`);
      if (s.error > 0) {
        lines.push(`bqdeploy_api_predictions_total{model="${esc(s.model)}",outcome="error"} ${s.error}`);
      }
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
