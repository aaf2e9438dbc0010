/**
 * Placement (docs/scale-out.md): a plugin is a singleton (one node runs it,
 * the default) or replicated (every node runs it, opted in by the host's
 * `cluster.replicated`). This wraps each runtime so singletons load as a
 * PlacedInstance; replicated plugins load as they would on a single host.
 */
import type { PluginRuntime } from "../plugins/runtime.js";
import { createPlacedInstance, type PlacementDeps } from "./placed-instance.js";

export type Placement = "singleton" | "replicated";

export function placedRuntime(
  inner: PluginRuntime,
  placement: (plugin: string) => Placement,
  deps: PlacementDeps,
): PluginRuntime {
  return {
    type: inner.type,
    async load(context) {
      if (placement(context.source.manifest.name) === "replicated") return inner.load(context);
      return createPlacedInstance(inner, context, deps);
    },
    ...(inner.loadTimeoutMs ? { loadTimeoutMs: inner.loadTimeoutMs.bind(inner) } : {}),
    ...(inner.close ? { close: inner.close.bind(inner) } : {}),
  };
}
