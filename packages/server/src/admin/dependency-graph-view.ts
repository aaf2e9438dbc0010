/**
 * The dependency graph as the console draws it: every known plugin, an edge
 * per `dependencies` entry and per `requires` served by another plugin, and a
 * layer per node (0 = depends on nothing loaded) for a left-to-right layout.
 */
import type { Host } from "@holomush/host";

export interface GraphNode {
  name: string;
  runtime: string;
  state: string;
  layer: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: "dependency" | "service";
  optional: boolean;
  service?: string;
}

export function dependencyGraph(host: Host): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const statuses = host.plugins.list();
  const manifests = new Map(
    statuses.flatMap((status) => {
      const manifest = host.plugins.get(status.name)?.source.manifest;
      return manifest === undefined ? [] : [[status.name, manifest] as const];
    }),
  );
  const providers = new Map<string, string>();
  for (const [name, manifest] of manifests) for (const service of manifest.provides) providers.set(service, name);
  const edges: GraphEdge[] = [];
  for (const [name, manifest] of manifests) {
    for (const dependency of manifest.dependencies) {
      edges.push({ from: name, to: dependency.name, kind: "dependency", optional: dependency.optional });
    }
    for (const service of manifest.requires) {
      const provider = providers.get(service);
      if (provider !== undefined && provider !== name) {
        edges.push({ from: name, to: provider, kind: "service", optional: false, service });
      }
    }
  }
  const known = new Set(statuses.map((status) => status.name));
  const layers = new Map<string, number>();
  const layerOf = (name: string, path: Set<string>): number => {
    const cached = layers.get(name);
    if (cached !== undefined) return cached;
    if (path.has(name)) return 0;
    path.add(name);
    const targets = edges.filter((edge) => edge.from === name && known.has(edge.to)).map((edge) => edge.to);
    const layer = targets.length === 0 ? 0 : 1 + Math.max(...targets.map((to) => layerOf(to, path)));
    path.delete(name);
    layers.set(name, layer);
    return layer;
  };
  return {
    nodes: statuses.map((status) => ({
      name: status.name,
      runtime: status.type,
      state: status.state,
      layer: layerOf(status.name, new Set()),
    })),
    edges: edges.filter((edge) => known.has(edge.to)),
  };
}
