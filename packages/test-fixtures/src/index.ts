// Offline fakes for tests and the demo. Never imported by production entry points (except `demo`).
export const FIXTURES_VERSION = "0.1.0";
