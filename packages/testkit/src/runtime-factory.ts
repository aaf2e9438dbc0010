/**
 * Runtimes that need parts of the host they run in. createHost takes its
 * runtimes before the host exists, but the process runtime needs the host's
 * service directory (`createProcessRuntime({ services, logger })`), so a
 * test may pass a factory instead: it is called with the host on the first
 * load of a plugin of its type, and the runtime it made is closed with the host.
 */
import type { Host, PluginRuntime, PluginType } from "@holomush/host";

export interface RuntimeFactory {
  /** The plugin type the runtime serves (`binary` for process plugins, `wasm`). */
  readonly type: PluginType;
  create(host: Host): PluginRuntime;
}

/** A runtime, or a factory for one that needs the host. */
export type TestRuntime = PluginRuntime | RuntimeFactory;

function isFactory(runtime: TestRuntime): runtime is RuntimeFactory {
  return !("load" in runtime);
}

/** Runtimes for createHost; factories are called with `host()` when first needed. */
export function resolveRuntimes(runtimes: readonly TestRuntime[], host: () => Host): PluginRuntime[] {
  return runtimes.map((runtime) => (isFactory(runtime) ? deferred(runtime, host) : runtime));
}

function deferred(factory: RuntimeFactory, host: () => Host): PluginRuntime {
  let runtime: PluginRuntime | undefined;
  return {
    type: factory.type,
    load(context) {
      runtime ??= factory.create(host());
      return runtime.load(context);
    },
    async close() {
      await runtime?.close?.();
    },
  };
}
