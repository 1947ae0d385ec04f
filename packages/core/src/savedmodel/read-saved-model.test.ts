import { basename } from "node:path";
import { haveSharedModels, sharedModel } from "@bqdeploy/test-fixtures";
import { describe, expect, it } from "vitest";
import { readSavedModel } from "./read-saved-model.js";
import type { SavedModelBundle } from "./types.js";

function variable(bundle: SavedModelBundle, name: string) {
  const tensor = bundle.variables.get(name);
  if (!tensor) throw new Error(`no variable ${name}`);
  return tensor;
}

function assetNames(bundle: SavedModelBundle): string[] {
  return [...bundle.assetPaths.values()].map((p) => basename(p)).sort();
}

function signatureShapes(bundle: SavedModelBundle, name: string) {
  const sig = bundle.metaGraph.signatures[name];
  if (!sig) throw new Error(`no signature ${name}`);
  const side = (infos: typeof sig.inputs) =>
    Object.fromEntries(Object.entries(infos).map(([k, v]) => [k, `${v.dtype} [${v.shape?.join(",")}]`]));
  return { method: sig.methodName, inputs: side(sig.inputs), outputs: side(sig.outputs) };
}

describe.runIf(haveSharedModels("SavedModel reader on real exports"))(
  "readSavedModel on real exports",
  () => {
    it.each([
      ["tip_model/tf2.21", "2.21.0", "DT_DOUBLE", [534, 1], 6637.786192559884],
      ["tip_model_float", "2.9.0", "DT_FLOAT", [537, 1], 3884.5872158452153],
      ["tip_model_misspelled", "2.18.0", "DT_DOUBLE", [523, 1], -42862.97385422464],
    ])("reads the linear_reg export %s", async (folder, version, numeric, weightShape, intercept) => {
      const bundle = await readSavedModel(sharedModel(folder));
      const meta = bundle.metaGraph;
      expect(meta.tags).toEqual(["serve"]);
      expect(meta.tensorflowVersion).toBe(version);
      expect(meta.strippedDefaultAttrs).toBe(true);
      const passenger = folder === "tip_model_misspelled" ? "pasenger_count" : "passenger_count";
      expect(signatureShapes(bundle, "serving_default")).toEqual({
        method: "tensorflow/serving/predict",
        inputs: {
          DOLocationID: "DT_STRING [-1]",
          PULocationID: "DT_STRING [-1]",
          payment_type: "DT_STRING [-1]",
          fare_amount: `${numeric} [-1]`,
          [passenger]: `${numeric} [-1]`,
          tolls_amount: `${numeric} [-1]`,
          trip_distance: `${numeric} [-1]`,
        },
        outputs: { predicted_tip_amount: "DT_DOUBLE [-1,1]" },
      });
      expect(meta.signatures.serving_default?.outputs.predicted_tip_amount?.name).toBe("compute:0");
      expect(variable(bundle, "weights")).toMatchObject({ dtype: "DT_DOUBLE", shape: weightShape });
      expect(variable(bundle, "intercept").data[0]).toBe(intercept);
      expect(assetNames(bundle)).toEqual(["DOLocationID.txt", "PULocationID.txt", "payment_type.txt"]);
      expect(meta.collections.saved_model_main_op).toEqual(["init_all_tables_1"]);
      expect(meta.collections.table_initializer).toHaveLength(3);
      const ops = new Set(meta.graph.nodes.map((n) => n.op));
      for (const op of [
        "HashTableV2",
        "InitializeTableFromTextFileV2",
        "OneHot",
        "ConcatV2",
        "MatMul",
        "SelectV2",
      ]) {
        expect(ops).toContain(op);
      }
      const compute = meta.graph.nodes.find((n) => n.name === "compute");
      expect(compute?.op).toBe("AddV2");
    });

    it("maps the graph's asset path constants to the local assets folder", async () => {
      const dir = sharedModel("tip_model/tf2.21");
      const bundle = await readSavedModel(dir);
      const tensor = "input_layer/payment_type_indicator/payment_type_lookup/hash_table/asset_path:0";
      expect(bundle.assetPaths.get(tensor)).toBe(`${dir}/assets/payment_type.txt`);
      const node = bundle.metaGraph.graph.nodes.find((n) => `${n.name}:0` === tensor);
      const value = node?.attr.value;
      expect(value?.kind).toBe("tensor");
      if (value?.kind === "tensor") expect(value.value.data[0]).toMatch(/assets\/payment_type\.txt$/);
    });

    it("reads the Snappy-compressed iris logistic_reg export and its StatelessIf branches", async () => {
      const bundle = await readSavedModel(sharedModel("iris_logistic_reg"));
      expect(bundle.metaGraph.tensorflowVersion).toBe("2.4.0");
      expect(signatureShapes(bundle, "serving_default").outputs).toEqual({
        predicted_species: "DT_STRING [-1,1]",
        species_probs: "DT_DOUBLE [-1,3]",
        species_values: "DT_STRING [-1,3]",
      });
      expect(variable(bundle, "1_weight").data[0]).toBe(-7.707663370408705);
      expect(variable(bundle, "3_weight").data[0]).toBe(3.2136858392730305);
      expect(variable(bundle, "5_weight").data[0]).toBe(4.49397753113567);
      for (const w of ["0_weight", "2_weight", "4_weight"]) expect(variable(bundle, w).shape).toEqual([4, 1]);
      const ifs = bundle.metaGraph.graph.nodes.filter((n) => n.op === "StatelessIf");
      expect(ifs).toHaveLength(3);
      const library = new Set(bundle.metaGraph.graph.library.map((f) => f.name));
      for (const node of ifs) {
        for (const branch of ["then_branch", "else_branch"]) {
          const attr = node.attr[branch];
          expect(attr?.kind).toBe("func");
          if (attr?.kind === "func") expect(library).toContain(attr.value.name);
        }
      }
      expect(bundle.assetPaths.size).toBe(0);
    });

    it("reads linear_reg_transform and its TF2 transform/ model", async () => {
      const model = await readSavedModel(sharedModel("linear_reg_transform"));
      expect(variable(model, "weights").shape).toEqual([7, 1]);
      expect(variable(model, "intercept").data[0]).toBe(-55272.90322580645);
      expect(assetNames(model)).toEqual(["string_col.txt"]);
      const transform = await readSavedModel(sharedModel("linear_reg_transform/transform"));
      expect(signatureShapes(transform, "serving_default")).toEqual({
        method: "tensorflow/serving/predict",
        inputs: { f1: "DT_INT64 [-1]", f2: "DT_DOUBLE [-1]", f3: "DT_STRING [-1]" },
        outputs: { f1: "DT_INT64 [-1]", f2: "DT_DOUBLE [-1]", string_col: "DT_STRING [-1]" },
      });
      expect(transform.metaGraph.graph.nodes.some((n) => n.op === "StatefulPartitionedCall")).toBe(true);
      expect(transform.metaGraph.graph.library.length).toBeGreaterThan(0);
      // A string variable: checks the string-tensor layout and its two checksums.
      expect(variable(transform, "_CHECKPOINTABLE_OBJECT_GRAPH").dtype).toBe("DT_STRING");
    });

    it("reads the TF1 dnn_classifier export: two shards, both signatures, assets from the collection", async () => {
      const bundle = await readSavedModel(sharedModel("dnn_classifier_transform"));
      expect(bundle.metaGraph.tensorflowVersion).toBe("1.15.5");
      expect(Object.keys(bundle.metaGraph.signatures).sort()).toEqual(["predict", "serving_default"]);
      expect(signatureShapes(bundle, "predict")).toEqual(signatureShapes(bundle, "serving_default"));
      expect(signatureShapes(bundle, "predict").inputs).toEqual({
        array_col: "DT_STRING [-1,-1]",
        f1: "DT_DOUBLE [-1]",
        f2: "DT_DOUBLE [-1]",
        string_col: "DT_STRING [-1]",
      });
      expect(variable(bundle, "dnn/hiddenlayer_0/kernel")).toMatchObject({
        dtype: "DT_FLOAT",
        shape: [18, 67],
      });
      expect(variable(bundle, "dnn/hiddenlayer_0/bias").shape).toEqual([67]);
      expect(variable(bundle, "dnn/logits/kernel").shape).toEqual([67, 5]);
      expect(variable(bundle, "dnn/logits/bias").shape).toEqual([5]);
      expect(bundle.variableEntries?.get("global_step")).toMatchObject({ dtype: "DT_INT64", shardId: 0 });
      expect(bundle.variableEntries?.get("dnn/logits/bias")?.shardId).toBe(1);
      expect(assetNames(bundle)).toEqual(["array_col.csv", "string_col.csv"]);
      expect(bundle.metaGraph.saverDef?.restoreOpName).toMatch(/^save\/restore_all/);
    });

    it("reads dnn_classifier_binary_transform (predict signature only) and its transform", async () => {
      const bundle = await readSavedModel(sharedModel("dnn_classifier_binary_transform"));
      expect(Object.keys(bundle.metaGraph.signatures)).toEqual(["predict"]);
      expect(signatureShapes(bundle, "predict").outputs).toMatchObject({
        probabilities: "DT_FLOAT [-1,2]",
        logistic: "DT_FLOAT [-1,1]",
        class_ids: "DT_INT64 [-1,1]",
      });
      expect(variable(bundle, "dnn/hiddenlayer_0/kernel").shape).toEqual([6, 2]);
      expect(variable(bundle, "dnn/logits/bias").data[0]).toBeCloseTo(-0.001999711152166128, 12);
      expect(variable(bundle, "global_step").data[0]).toBe(2);
      expect(assetNames(bundle)).toEqual(["f3.csv"]);
      const restore = bundle.metaGraph.graph.nodes.find((n) => n.op === "RestoreV2");
      expect(restore).toBeDefined();
      const transform = await readSavedModel(sharedModel("dnn_classifier_binary_transform/transform"));
      expect(Object.keys(transform.metaGraph.signatures.serving_default?.outputs ?? {}).sort()).toEqual([
        "f1",
        "f2",
        "f3",
      ]);
      const transform5 = await readSavedModel(sharedModel("dnn_classifier_transform/transform"));
      expect(transform5.metaGraph.signatures.serving_default?.inputs.f4?.shape).toEqual([-1, -1]);
    });

    it("reads the tip_model in a few milliseconds once warm", async () => {
      const dir = sharedModel("tip_model/tf2.21");
      await readSavedModel(dir);
      const started = performance.now();
      for (let i = 0; i < 5; i++) await readSavedModel(dir);
      expect((performance.now() - started) / 5).toBeLessThan(100);
    });
  },
);
