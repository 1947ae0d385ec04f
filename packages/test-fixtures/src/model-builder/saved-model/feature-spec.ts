/** A feature of a BigQuery ML linear model as the builder writes it. */
export type FeatureSpec =
  | { name: string; kind: "string"; vocabulary: string[] }
  | { name: string; kind: "numeric"; dtype: "DT_DOUBLE" | "DT_FLOAT" };

/** What BigQuery ML puts in place of '' before the vocabulary lookup. */
export const EMPTY_STRING_REPLACEMENT = "__empty_string_replacement__";

/** Features in BigQuery ML's concatenation order: sorted by name (code-unit order, as Python sorts). */
export function sortedFeatures(features: readonly FeatureSpec[]): FeatureSpec[] {
  return [...features].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Width of a feature's block in the concatenated input: vocabulary size for strings, else 1. */
export function blockWidth(feature: FeatureSpec): number {
  return feature.kind === "string" ? feature.vocabulary.length : 1;
}

/** Total width of the concatenated input (the number of weights per output). */
export function inputWidth(features: readonly FeatureSpec[]): number {
  return features.reduce((sum, f) => sum + blockWidth(f), 0);
}

/** Checks a spec before building: unique names, non-empty vocabularies, the right number of weights. */
export function checkFeatures(
  features: readonly FeatureSpec[],
  weights: readonly number[],
  what: string,
): void {
  const names = new Set<string>();
  for (const f of features) {
    if (names.has(f.name)) throw new Error(`${what}: feature "${f.name}" is listed twice`);
    names.add(f.name);
    if (f.kind === "string" && f.vocabulary.length === 0)
      throw new Error(`${what}: "${f.name}" has no vocabulary`);
    if (f.kind === "string" && new Set(f.vocabulary).size !== f.vocabulary.length) {
      throw new Error(`${what}: the vocabulary of "${f.name}" repeats an entry`);
    }
  }
  if (weights.length !== inputWidth(features)) {
    throw new Error(`${what}: ${weights.length} weights for an input of width ${inputWidth(features)}`);
  }
}
