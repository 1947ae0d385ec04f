// The parts of undici core uses, imported on first use (`await import("./undici.js")`) rather than with
// core: undici is ~1 MB of JavaScript. An ES module of our own, so that bundlers keep the named exports
// (a dynamic import of undici itself, CommonJS, gives bundled code only a default export).
export { Agent, Pool, request } from "undici";
