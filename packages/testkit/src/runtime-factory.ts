/**
 * Runtimes that need parts of the host they run in. createHost takes its
 * runtimes before the host exists, but the process runtime needs the host's
 * service directory (`createProcessRuntime({ services, logger })`), so a
 * test may pass a factory instead: it is called with the host on the first
 * load of a plugin of its type, and the runtime it made is closed with the host.
 */
import type { Host, RuntimeFactory as HostRuntimeFactory, PluginRuntime, PluginType } from "@holomush/host";

/** A runtime made lazily from the test host, for runtimes that need the host's parts (services, logger). */
export interface RuntimeFactory {
  /** The plugin type the runtime serves (`binary` for process plugins, `wasm`). */
  readonly type: PluginType;
  /** Builds the runtime once the host exists. */
  create(host: Host): PluginRuntime;
}

/**
 * A runtime; a lazy factory for one that needs the host; or the host's own
 * factory form, `(host) => createProcessRuntime(host)`, passed straight to createHost.
 */
export type TestRuntime = PluginRuntime | RuntimeFactory | HostRuntimeFactory;

function isLazyFactory(runtime: PluginRuntime | RuntimeFactory): runtime is RuntimeFactory {
  return !("load" in runtime);
}

/** Runtimes for createHost; lazy factories are called with `host()` when first needed. */
export function resolveRuntimes(
  runtimes: readonly TestRuntime[],
  host: () => Host,
): Array<PluginRuntime | HostRuntimeFactory> {
  return runtimes.map((runtime) =>
    typeof runtime === "function" ? runtime : isLazyFactory(runtime) ? deferred(runtime, host) : runtime,
  );
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
