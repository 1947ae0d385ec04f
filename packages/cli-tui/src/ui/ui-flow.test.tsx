import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DeploymentRegistry,
  EmbeddedRuntime,
  JobRegistry,
  ModelRepository,
  TfServingClient,
} from "@bqdeploy/core";
import { type FakeGcs, haveSharedModels, sharedModel, startFakeGcs } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { App } from "./components/App.js";
import type { UiServices } from "./services.js";
import { renderUi } from "./testing/render-ui.js";

let gcs: FakeGcs;
let work: string;
let services: UiServices;
const clients: TfServingClient[] = [];

describe.runIf(haveSharedModels("tip_model/tf2.21"))("bqdeploy ui, driven with keys", () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "bqdeploy-ui-flow-"));
    gcs = await startFakeGcs({ buckets: ["taxi"] });
    await gcs.putFolder("taxi", "tip_model", sharedModel("tip_model/tf2.21"));
    services = {
      repository: new ModelRepository(join(work, "models")),
      deployments: new DeploymentRegistry({ embedded: new EmbeddedRuntime() }),
      jobs: new JobRegistry(),
      client: (url) => {
        const client = new TfServingClient({ url, retries: 0 });
        clients.push(client);
        return client;
      },
      storageEndpoint: gcs.url,
      refreshMs: 300,
    };
  });
  afterAll(async () => {
    const { deployments } = await services.deployments.list();
    await Promise.all(deployments.map((d) => services.deployments.stop(d.id)));
    await Promise.all(clients.map((c) => c.close()));
    await gcs.close();
    await rm(work, { recursive: true, force: true });
  });

  it("pulls from the fake GCS, deploys on the embedded runtime and predicts the seed's request", async () => {
    const ui = renderUi(<App services={services} repoLabel="test-repo" />);
    try {
      await ui.waitFor("No models yet");
      // Pull: the form opens with gs:// typed; complete the source, tab to the model name.
      await ui.press("p");
      await ui.waitFor("Pull a new version");
      await ui.press("taxi/tip_model");
      await ui.press("tab");
      await ui.press("tip_model");
      expect(ui.lastFrame()).toContain("[gs://taxi/tip_model]");
      await ui.press("enter");
      // The Jobs screen shows the pull's steps; then the version appears on Models.
      await ui.press("5");
      await ui.waitFor(/succeeded.*pull gs:\/\/taxi\/tip_model/);
      expect(ui.lastFrame()).toContain("[x] download  [x] install");
      await ui.press("1");
      const models = await ui.waitFor(/v1\s+tf_saved_model/);
      expect(models).toContain("gs://taxi/tip_model");
      // Deploy the selected model with the embedded runtime (enter on Models starts it).
      await ui.press("enter");
      const deployments = await ui.waitFor(/model tip_model v1: AVAILABLE/, 20_000);
      expect(deployments).toMatch(/tip_model\s+embedded\s+1/);
      expect(deployments).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
      // Predict: the form comes from the signature, prefilled with the seed's request.
      await ui.press("e");
      const form = await ui.waitFor("trip_distance");
      expect(form).toMatch(/fare_amount \(DT_\w+\)/);
      expect(form).toContain("[12.2]");
      await ui.press("enter");
      const answer = await ui.waitFor("Response (");
      expect(answer).toMatch(/Response \(\d+\.\d ms\): \[\[?-0\.43262/);
      expect(answer).toContain("History");
      // Typing a letter into a number field is flagged before anything is sent.
      await ui.press("down");
      await ui.press("down"); // fare_amount (inputs are listed by name)
      await ui.press("x");
      await ui.waitFor("! a number");
      // Logs of the deployment: letters and digits belong to the fields here, so leave with shift+tab.
      await ui.press("shiftTab");
      await ui.press("shiftTab");
      await ui.waitFor("[2 Deployments]");
      await ui.press("o");
      await ui.waitFor(/Logs of tip_model/);
      // Help, then quit.
      await ui.press("?");
      await ui.waitFor("Keys (esc or ? to close)");
      await ui.press("escape");
    } finally {
      ui.unmount();
    }
  });
});
