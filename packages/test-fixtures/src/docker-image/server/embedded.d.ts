// Resolved by build-image.ts when bundling: core's embedded runtime (packages/core/src/serving/embedded)
// when that folder exists, otherwise an empty module. The image's server prefers it when present.
declare module "bqdeploy:embedded" {
  export const startEmbeddedServer: unknown;
}
