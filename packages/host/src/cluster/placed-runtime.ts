/**
 * Placement (docs/scale-out.md): a plugin is a singleton (one node runs it,
 * the default) or replicated (every node runs it, opted in by the host's
 * `cluster.replicated`). This wraps each runtime so singletons load as a
 * PlacedInstance; replicated plugins load as they would on a single host.
 */
import { HostError, HostErrorCode } from "../errors.js";
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
      const { manifest, file } = context.source;
      if (placement(manifest.name) === "replicated") {
        if (manifest.storage === "postgres") {
          // Every host would provision it at start, each resetting its role's password under the others.
          throw new HostError(
            HostErrorCode.CLUSTER_CONFIG_INVALID,
            `plugin ${manifest.name} has storage: postgres and cannot be replicated (its database role has one password); run it as a singleton`,
            { plugin: manifest.name, file, field: "storage" },
          );
        }
        return inner.load(context);
      }
      return createPlacedInstance(inner, context, deps);
    },
    ...(inner.loadTimeoutMs ? { loadTimeoutMs: inner.loadTimeoutMs.bind(inner) } : {}),
    ...(inner.close ? { close: inner.close.bind(inner) } : {}),
  };
}
