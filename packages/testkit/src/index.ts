// @holomush/testkit — test HoloMUSH plugins against the real host. Named
// exports only; everything not listed here is internal.

// ── The test host ──────────────────────────────────────────────────────────
export {
  createTestHost,
  DEFAULT_TEST_ACTOR,
  type DeliverInput,
  type FocusState,
  type TestHost,
  type TestHostOptions,
  type TestPluginSpec,
} from "./create-test-host.js";
// ── Selecting events ───────────────────────────────────────────────────────
export {
  type ActorInput,
  type ActorKindName,
  type ActorMatcher,
  type ActorRef,
  describeEvent,
  type EventFilter,
  matchesEvent,
  payloadOf,
} from "./event-filter.js";
export { DEFAULT_EXPECT_TIMEOUT_MS, type ExpectEventOptions } from "./event-recorder.js";
// ── WASM plugins without extism-js: the js-pdk globals stand-in ─────────────
export {
  installJsPdkStandIn,
  type JsPdkBackend,
  type JsPdkStandIn,
  type JsPdkStandInOptions,
  type StandInEvent,
} from "./js-pdk/js-pdk-stand-in.js";
export type { LogLevelName, LogRecord } from "./log-capture.js";
export type { PluginKv } from "./plugin-kv.js";
export { PluginLoadError } from "./plugin-load-error.js";
// ── Record / replay: a recording of a running game as a test ────────────────
export {
  type ReplayedCommand,
  type ReplayOptions,
  type ReplayReport,
  readRecording,
  replayRecording,
} from "./replay-recording.js";
export type { RuntimeFactory, TestRuntime } from "./runtime-factory.js";
export type { TestCharacter } from "./test-character.js";
