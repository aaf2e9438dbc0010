/**
 * A faulty plugin must not take the CPU its healthy neighbours need. A Node
 * plugin's start-up costs ~0.5–1 s of a core, and a plugin past its event
 * deadline is often spinning; on a small machine either doubled the
 * bystanders' latency (docs/reliability.md). So a RESTARTED child starts at a
 * lower scheduling priority (a higher nice value) and gets the host's back
 * once ready; a child that overran a deadline is lowered until it answers a
 * health check. Raising a priority back needs CAP_SYS_NICE (root has it);
 * without it the child keeps the lower priority, which only matters when the
 * CPU is contended, and that is logged.
 */
import { getPriority, setPriority } from "node:os";
import type { Logger } from "pino";

/** Highest nice value Linux allows. */
const LOWEST_PRIORITY = 19;

/** Lowers `pid`'s priority `nice` steps below the host's; false when the OS refused (or nice ≤ 0). */
export function lowerPriority(pid: number, nice: number, logger: Logger): boolean {
  if (nice <= 0) return false;
  try {
    setPriority(pid, Math.min(getPriority() + nice, LOWEST_PRIORITY));
    return true;
  } catch (error) {
    logger.debug({ err: error }, "could not lower the plugin's priority");
    return false;
  }
}

/** Gives `pid` the host's own priority again; false when not permitted (no CAP_SYS_NICE). */
export function restoreHostPriority(pid: number, logger: Logger): boolean {
  try {
    setPriority(pid, getPriority());
    return true;
  } catch (error) {
    logger.info({ err: error, pid }, "plugin keeps its lowered priority (raising it back needs CAP_SYS_NICE)");
    return false;
  }
}
