// @holomush/testkit/vitest — helpers that need vitest (a peer dependency),
// kept apart so the main entry works under any test runner.
export { useTestHost } from "./use-test-host.js";
