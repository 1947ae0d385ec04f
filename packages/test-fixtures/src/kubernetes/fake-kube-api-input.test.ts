import { request } from "node:https";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeKubeApi, startFakeKubeApi } from "./fake-kube-api.js";
import { FAKE_APISERVER_CERT } from "./tls.js";

/** A raw HTTPS request to the fake, bypassing the client's own checks. */
function send(
  fake: FakeKubeApi,
  method: string,
  path: string,
  body?: string,
  contentType = "application/apply-patch+yaml",
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${fake.url}${path}`,
      {
        method,
        ca: FAKE_APISERVER_CERT,
        headers: { authorization: `Bearer ${fake.token}`, "content-type": contentType },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => {
          text += c.toString();
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("fake Kubernetes API server with bad input", () => {
  let fake: FakeKubeApi;
  beforeEach(async () => {
    fake = await startFakeKubeApi();
  });
  afterEach(() => fake.close());

  it("answers Status errors, never crashes, and keeps serving", async () => {
    const deployments = "/apis/apps/v1/namespaces/default/deployments/web?fieldManager=t";
    const cases: Array<[string, string, string | undefined, number]> = [
      ["PATCH", deployments, "{ not: [yaml", 400],
      ["PATCH", deployments, "[1, 2]", 400],
      ["PATCH", deployments, '{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"}}', 400],
      ["PATCH", deployments, '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"other"}}', 400],
      [
        "PATCH",
        "/apis/apps/v1/namespaces/default/deployments/web",
        '{"apiVersion":"apps/v1","kind":"Deployment"}',
        400,
      ],
      ["GET", "/apis/apps/v1/namespaces/%E0%A4%A/deployments/web", undefined, 400],
      ["GET", "/apis/nothing/v9/widgets", undefined, 404],
      ["POST", "/apis/apps/v1/namespaces/default/deployments", "{}", 405],
    ];
    for (const [method, path, body, status] of cases) {
      const answer = await send(fake, method, path, body);
      expect([method, path, answer.status]).toEqual([method, path, status]);
      expect(answer.json).toMatchObject({ kind: "Status", status: "Failure", code: status });
    }
    const ok = await send(
      fake,
      "PATCH",
      deployments,
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n",
    );
    expect(ok.status).toBe(201);
  });
});
