import type { SignatureSpec, TensorSpec } from "@bqdeploy/core";
import { defineCommand } from "../cli/command.js";
import { clientFor, modelTarget, SERVER_OPTIONS } from "./serving-options.js";

const shape = (t: TensorSpec): string => (t.shape === null ? "unknown rank" : `[${t.shape.join(", ")}]`);

function signatureLines(name: string, sig: SignatureSpec): string[] {
  const io = (label: string, specs: Record<string, TensorSpec>): string[] =>
    Object.entries(specs).map(
      ([key, t]) => `    ${label} ${key.padEnd(24)} ${t.dtype.padEnd(10)} ${shape(t)}`,
    );
  return [
    `  signature "${name}" (${sig.methodName})`,
    ...io("input ", sig.inputs),
    ...io("output", sig.outputs),
  ];
}

/** `bqdeploy metadata MODEL`: the model's signatures (inputs, outputs, dtypes, shapes). */
export const metadataCommand = defineCommand({
  name: "metadata",
  summary: "Show a served model's signatures: inputs and outputs with dtypes and shapes",
  positionals: [{ name: "MODEL", description: "the model name", required: true }],
  options: SERVER_OPTIONS,
  details: "With --json, prints TF Serving's metadata document unchanged.",
  async run(ctx) {
    const model = ctx.positionals[0]!;
    const client = clientFor(ctx);
    try {
      const meta = await client.metadata(model, { ...modelTarget(ctx), signal: ctx.signal });
      ctx.out.result(meta.raw, () =>
        [
          `${model} version ${meta.version}:`,
          ...Object.entries(meta.signatures).flatMap(([n, s]) => signatureLines(n, s)),
        ].join("\n"),
      );
    } finally {
      await client.close();
    }
  },
});
