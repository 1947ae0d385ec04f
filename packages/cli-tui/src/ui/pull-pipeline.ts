// Core's pull pipeline (Cloud Storage download, checksums, install), imported by the UI on its first pull
// so that it is not part of what `bqdeploy ui` loads before its first frame.
export { pull } from "@bqdeploy/core";
