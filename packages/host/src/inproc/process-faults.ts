/**
 * Process-wide handlers that keep an in-process plugin's escaped fault (a
 * throw in its timer, a promise rejection nobody handles) from ending the
 * host: the fault is traced to the plugin (plugin-scope.ts), which is failed,
 * and the host goes on. A fault outside any plugin is the host's or the
 * embedder's: when nobody else listens, it ends the process as Node would.
 *
 * Installed once per process, however many hosts run in it (createHost's
 * `processFaultHandlers` option opts out, for embedders with their own).
 */
import { inspect } from "node:util";
import { currentPluginScope, type FaultOrigin } from "./plugin-scope.js";

let installs = 0;

function onUncaughtException(error: unknown): void {
  handle(error, "uncaughtException");
}

function onUnhandledRejection(reason: unknown): void {
  handle(reason, "unhandledRejection");
}

function handle(error: unknown, origin: FaultOrigin): void {
  const scope = currentPluginScope();
  if (scope !== undefined) {
    scope.fault(error, origin);
    return;
  }
  // Someone else (the embedder, a test runner) also listens: theirs to handle.
  if (process.listenerCount(origin) > 1) return;
  process.stderr.write(`${origin}: ${inspect(error)}\n`);
  process.exit(1);
}

/** Installs the handlers (once per process); the returned function removes this install. */
export function installProcessFaultHandlers(): () => void {
  if (installs++ === 0) {
    process.on("uncaughtException", onUncaughtException);
    process.on("unhandledRejection", onUnhandledRejection);
  }
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    if (--installs === 0) {
      process.off("uncaughtException", onUncaughtException);
      process.off("unhandledRejection", onUnhandledRejection);
    }
  };
}
