import { stringify } from "yaml";
import { FAKE_APISERVER_CERT } from "./tls.js";

/**
 * A kubeconfig (YAML) with one context, "fake", pointing at `server` with a bearer token and
 * trusting the fake's certificate.
 */
export function fakeKubeconfig(server: string, token: string, namespace?: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "fake",
        cluster: {
          server,
          "certificate-authority-data": Buffer.from(FAKE_APISERVER_CERT).toString("base64"),
        },
      },
    ],
    users: [{ name: "fake-user", user: { token } }],
    contexts: [
      { name: "fake", context: { cluster: "fake", user: "fake-user", ...(namespace ? { namespace } : {}) } },
    ],
    "current-context": "fake",
  });
}
