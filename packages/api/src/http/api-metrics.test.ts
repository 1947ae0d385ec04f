import { describe, expect, it } from "vitest";
import { ApiMetrics } from "./api-metrics.js";

describe("ApiMetrics", () => {
  it("renders cumulative latency buckets, requests by status and predictions by outcome", () => {
    const metrics = new ApiMetrics();
    const series = metrics.series("POST", "/v1/models/{model}:predict", "tip");
    expect(metrics.series("POST", "/v1/models/{model}:predict", "tip")).toBe(series);
    series.observe(200, 0.0005);
    series.observe(200, 0.003);
    metrics.request("POST", "/v1/models/{model}:predict", "tip", 503, 20);
    metrics.prediction("tip", 200);
    metrics.predictionSeries("tip").observe(503);
    const text = metrics.render([]);
    const labels = 'method="POST",route="/v1/models/{model}:predict",model="tip"';
    expect(text).toContain(`bqdeploy_api_requests_total{${labels},status="200"} 2\n`);
    expect(text).toContain(`bqdeploy_api_requests_total{${labels},status="503"} 1\n`);
    expect(text).toContain(`bqdeploy_api_request_duration_seconds_bucket{${labels},le="0.001"} 1\n`);
    expect(text).toContain(`bqdeploy_api_request_duration_seconds_bucket{${labels},le="0.0025"} 1\n`);
    expect(text).toContain(`bqdeploy_api_request_duration_seconds_bucket{${labels},le="0.005"} 2\n`);
    expect(text).toContain(`bqdeploy_api_request_duration_seconds_bucket{${labels},le="10"} 2\n`);
    expect(text).toContain(`bqdeploy_api_request_duration_seconds_bucket{${labels},le="+Inf"} 3\n`);
    expect(text).toContain(`bqdeploy_api_request_duration_seconds_count{${labels}} 3\n`);
    expect(text).toContain('bqdeploy_api_predictions_total{model="tip",outcome="ok"} 1\n');
    expect(text).toContain('bqdeploy_api_predictions_total{model="tip",outcome="error"} 1\n');
  });

  it("bounds the series clients can create", () => {
    const metrics = new ApiMetrics();
    for (let i = 0; i < 1_500; i++) {
      metrics.request("GET", "/v1/*", `m${i}`, 404, 0.001);
      metrics.prediction(`m${i}`, 404);
    }
    const text = metrics.render([]);
    expect(text.match(/^bqdeploy_api_requests_total/gm)).toHaveLength(1_001);
    expect(text).toContain(
      'bqdeploy_api_requests_total{method="GET",route="/v1/*",model="__other__",status="404"} 500\n',
    );
    expect(text.match(/^bqdeploy_api_predictions_total/gm)).toHaveLength(1_001);
    expect(text).toContain('bqdeploy_api_predictions_total{model="__other__",outcome="error"} 500\n');
  });
});
