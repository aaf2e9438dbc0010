/**
 * `holomush-host run` keeps V8's young generation at its initial size while
 * the host starts, and lets it grow again once the host is ready.
 *
 * Start-up allocates mostly long-lived objects (modules, PGlite, Cedar, the
 * plugins' runtimes), which V8 reads as a young generation whose objects
 * survive and grows it to its 32 MB maximum. It never gives that back while
 * the host is idle, so an idle host held ~25–30 MB of empty young generation
 * (docs/benchmarks.md, "Memory footprint"). Under load after start-up, V8
 * grows it as before. `--semi-space-growth-factor` is read each time V8
 * grows the space, so setting it at run time takes effect.
 */
import { setFlagsFromString } from "node:v8";

/** V8's default growth factor (`node --v8-options`). */
const DEFAULT_GROWTH_FACTOR = 2;

/** Holds the young generation at its size now; the returned function lets it grow again. */
export function holdYoungGenerationDuringStartup(): () => void {
  setFlagsFromString("--semi-space-growth-factor=1");
  let released = false;
  return () => {
    if (released) return;
    released = true;
    setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
  };
}
