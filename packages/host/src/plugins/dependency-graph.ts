/**
 * Load order (docs/architecture.md: dependencies load first, cycles are reported).
 *
 * Edges: a plugin depends on each plugin named in `dependencies` (whose
 * version must satisfy the declared range) and on the plugin that `provides`
 * each service it `requires`; services the host provides need no edge.
 *
 * Order: Kahn's algorithm; among plugins whose dependencies are all loaded,
 * the lowest `priority` goes first, then the name (so the order is
 * deterministic). A plugin that cannot load, or that hard-depends on one that
 * cannot, is skipped with the reason; a missing optional dependency is dropped,
 * but one present in a version outside the range still fails the plugin.
 * Ranges match pre-releases too (`includePrerelease`).
 * Conflicts keep the first source given (discovery lists earlier search paths
 * first): a later plugin with a taken name or a taken service is skipped.
 */
import semver from "semver";
import { HostError, HostErrorCode } from "../errors.js";
import type { ManifestSource } from "../manifest/manifest.js";

/** Options of resolveLoadOrder. */
export interface ResolveLoadOrderOptions {
  /** Services the host itself provides; they satisfy `requires` without a plugin. Default none. */
  hostServices?: string[];
}

/** A plugin left out of the load order, and why. */
export interface SkippedPlugin {
  /** The plugin's manifest. */
  source: ManifestSource;
  /** Why it was not loaded (the first problem found; all are in `errors`). */
  error: HostError;
}

/** The order to load plugins in, and those that cannot load. */
export interface LoadOrder {
  /** Plugins to load, dependencies and providers first. */
  order: ManifestSource[];
  /** Plugins that cannot load: a missing or mismatched dependency or provider, or a cycle. */
  skipped: SkippedPlugin[];
  /** Every problem found, including the reason behind each skipped plugin. */
  errors: HostError[];
}

interface Edge {
  to: string;
  optional: boolean;
  /** Set when the edge comes from `requires`. */
  service?: string;
}

/** Lower priority first, then name: the tie-break among plugins ready to load. */
export function compareLoadPriority(a: ManifestSource, b: ManifestSource): number {
  const byPriority = a.manifest.priority - b.manifest.priority;
  if (byPriority !== 0) return byPriority;
  return a.manifest.name < b.manifest.name ? -1 : a.manifest.name > b.manifest.name ? 1 : 0;
}

/**
 * Orders plugins so dependencies and service providers load first (ties by priority, then name); skips what cannot load.
 */
export function resolveLoadOrder(sources: ManifestSource[], options: ResolveLoadOrderOptions = {}): LoadOrder {
  const hostServices = new Set(options.hostServices ?? []);
  const errors: HostError[] = [];
  const failed = new Map<string, HostError>();
  const skipped: SkippedPlugin[] = [];
  const nodes = new Map<string, ManifestSource>();
  // Records a problem; a duplicate is skipped at once, a graph node is marked failed (its first reason wins).
  const fail = (source: ManifestSource, error: HostError, register = true) => {
    if (register) errors.push(error);
    if (nodes.get(source.manifest.name) !== source) skipped.push({ source, error });
    else if (!failed.has(source.manifest.name)) failed.set(source.manifest.name, error);
  };
  const problem = (code: HostErrorCode, source: ManifestSource, message: string) =>
    new HostError(code, message, { plugin: source.manifest.name, file: source.file });

  const duplicates: ManifestSource[] = [];
  for (const source of sources) {
    const first = nodes.get(source.manifest.name);
    if (first === source) continue;
    if (first) duplicates.push(source);
    else nodes.set(source.manifest.name, source);
  }
  for (const source of duplicates) {
    const first = nodes.get(source.manifest.name)!;
    const message = `plugin "${source.manifest.name}" in ${source.dir} is skipped: the same name is already used by ${first.dir}`;
    fail(source, problem(HostErrorCode.DUPLICATE_PLUGIN, source, message));
  }

  const providers = new Map<string, ManifestSource>();
  for (const source of nodes.values()) {
    for (const service of source.manifest.provides) {
      const other = providers.get(service);
      const owner = hostServices.has(service)
        ? "the host"
        : other
          ? `plugin "${other.manifest.name}" (${other.dir})`
          : "";
      if (owner === "") providers.set(service, source);
      else {
        const message = `service ${service} is provided by both ${owner} and plugin "${source.manifest.name}" (${source.dir}); "${source.manifest.name}" is skipped`;
        fail(source, problem(HostErrorCode.DUPLICATE_SERVICE_PROVIDER, source, message));
      }
    }
  }

  const edges = new Map<string, Edge[]>();
  for (const source of nodes.values()) {
    const { name } = source.manifest;
    const list: Edge[] = [];
    for (const dependency of source.manifest.dependencies) {
      const target = nodes.get(dependency.name);
      if (!target) {
        if (dependency.optional) continue;
        const message = `plugin "${name}" depends on "${dependency.name}", which was not found`;
        fail(source, problem(HostErrorCode.MISSING_DEPENDENCY, source, message));
      } else if (!semver.satisfies(target.manifest.version, dependency.version, { includePrerelease: true })) {
        const message = `plugin "${name}" needs "${dependency.name}" ${dependency.version}, but found version ${target.manifest.version} (${target.dir})`;
        fail(source, problem(HostErrorCode.DEPENDENCY_VERSION_MISMATCH, source, message));
      } else {
        list.push({ to: dependency.name, optional: dependency.optional });
      }
    }
    for (const service of source.manifest.requires) {
      if (hostServices.has(service)) continue;
      const provider = providers.get(service);
      if (!provider) {
        const message = `plugin "${name}" requires service ${service}, which neither the host nor any plugin provides`;
        fail(source, problem(HostErrorCode.MISSING_SERVICE_PROVIDER, source, message));
      } else if (provider !== source) {
        list.push({ to: provider.manifest.name, optional: false, service });
      }
    }
    edges.set(name, list);
  }

  // Skips plugins that hard-depend on a failed one, until nothing changes; optional edges to them are dropped.
  const propagate = () => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const [name, list] of edges) {
        if (failed.has(name)) continue;
        const source = nodes.get(name)!;
        for (const edge of list.filter((candidate) => failed.has(candidate.to))) {
          if (edge.optional) {
            list.splice(list.indexOf(edge), 1);
            continue;
          }
          const reason = failed.get(edge.to)!.message;
          const code = edge.service ? HostErrorCode.MISSING_SERVICE_PROVIDER : HostErrorCode.MISSING_DEPENDENCY;
          const what = edge.service ? `requires ${edge.service} from "${edge.to}"` : `depends on "${edge.to}"`;
          fail(source, problem(code, source, `plugin "${name}" ${what}, which is skipped: ${reason}`));
          changed = true;
          break;
        }
      }
    }
  };
  propagate();
  const live = () => [...nodes.values()].filter((source) => !failed.has(source.manifest.name));
  for (const cycle of findCycles(live(), edges)) {
    const first = nodes.get(cycle[0]!)!;
    const error = problem(HostErrorCode.CIRCULAR_DEPENDENCY, first, `circular dependency: ${cycle.join(" -> ")}`);
    error.details.cycle = cycle.join(" -> ");
    errors.push(error);
    for (const name of new Set(cycle)) fail(nodes.get(name)!, error, false);
  }
  propagate();

  for (const source of nodes.values()) {
    const error = failed.get(source.manifest.name);
    if (error) skipped.push({ source, error });
  }
  return { order: sortTopologically(live(), edges), skipped, errors };
}

/**
 * The plugins that depend on `name`, directly or transitively (through
 * `dependencies`, optional ones included, and `requires` → `provides`), in
 * load order. Used to reload a plugin together with its dependents.
 */
export function dependentsOf(name: string, sources: ManifestSource[]): string[] {
  const nodes = new Map<string, ManifestSource>();
  const providers = new Map<string, string>();
  for (const source of sources) {
    if (nodes.has(source.manifest.name)) continue;
    nodes.set(source.manifest.name, source);
    for (const service of source.manifest.provides) {
      if (!providers.has(service)) providers.set(service, source.manifest.name);
    }
  }
  const edges = new Map<string, Edge[]>();
  for (const [from, source] of nodes) {
    const targets = [
      ...source.manifest.dependencies.map((dependency) => dependency.name),
      ...source.manifest.requires.map((service) => providers.get(service)),
    ];
    const known = targets.filter((to): to is string => to !== undefined && to !== from && nodes.has(to));
    edges.set(
      from,
      known.map((to) => ({ to, optional: false })),
    );
  }
  const found = new Set<string>();
  for (let frontier = [name]; frontier.length > 0; ) {
    const next = [...edges]
      .filter(([from, list]) => !found.has(from) && from !== name && list.some((edge) => frontier.includes(edge.to)))
      .map(([from]) => from);
    for (const from of next) found.add(from);
    frontier = next;
  }
  const dependents = [...found].map((dependent) => nodes.get(dependent)!);
  return sortTopologically(dependents, edges).map((source) => source.manifest.name);
}

/**
 * Kahn's algorithm with a priority queue ordered by compareLoadPriority. Edges
 * to plugins outside `sources` are ignored. Plugins left on a cycle (only
 * possible from dependentsOf) are appended in priority order.
 */
function sortTopologically(sources: ManifestSource[], edges: Map<string, Edge[]>): ManifestSource[] {
  const included = new Map(sources.map((source) => [source.manifest.name, source]));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const source of sources) {
    const targets = new Set(
      (edges.get(source.manifest.name) ?? []).map((edge) => edge.to).filter((to) => included.has(to)),
    );
    waiting.set(source.manifest.name, targets.size);
    for (const target of targets) dependents.set(target, [...(dependents.get(target) ?? []), source.manifest.name]);
  }
  const ready = sources.filter((source) => waiting.get(source.manifest.name) === 0).sort(compareLoadPriority);
  const order: ManifestSource[] = [];
  while (ready.length > 0) {
    const next = ready.shift()!;
    order.push(next);
    for (const dependent of dependents.get(next.manifest.name) ?? []) {
      const remaining = waiting.get(dependent)! - 1;
      waiting.set(dependent, remaining);
      if (remaining === 0) insertSorted(ready, included.get(dependent)!);
    }
  }
  const rest = sources.filter((source) => !order.includes(source)).sort(compareLoadPriority);
  return [...order, ...rest];
}

function insertSorted(queue: ManifestSource[], source: ManifestSource): void {
  let low = 0;
  let high = queue.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareLoadPriority(queue[middle]!, source) <= 0) low = middle + 1;
    else high = middle;
  }
  queue.splice(low, 0, source);
}

/**
 * One cycle per strongly connected component that has one (Tarjan), each as
 * names in edge order starting and ending with the smallest name: [a, b, c, a].
 */
function findCycles(sources: ManifestSource[], edges: Map<string, Edge[]>): string[][] {
  const names = new Set(sources.map((source) => source.manifest.name));
  const targets = (name: string) =>
    [...new Set((edges.get(name) ?? []).map((edge) => edge.to))].filter((to) => names.has(to)).sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (name: string) => {
    index.set(name, index.size);
    low.set(name, index.get(name)!);
    stack.push(name);
    for (const to of targets(name)) {
      if (!index.has(to)) {
        visit(to);
        low.set(name, Math.min(low.get(name)!, low.get(to)!));
      } else if (stack.includes(to)) {
        low.set(name, Math.min(low.get(name)!, index.get(to)!));
      }
    }
    if (low.get(name) !== index.get(name)) return;
    const component = stack.splice(stack.indexOf(name));
    if (component.length > 1 || targets(name).includes(name)) cycles.push(cycleThrough(component.sort(), targets));
  };
  for (const name of [...names].sort()) if (!index.has(name)) visit(name);
  return cycles.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** A path from the component's first name back to itself, staying inside the component. */
function cycleThrough(component: string[], targets: (name: string) => string[]): string[] {
  const start = component[0]!;
  const inside = new Set(component);
  const seen = new Set<string>();
  const walk = (path: string[]): string[] | undefined => {
    for (const to of targets(path.at(-1)!).filter((candidate) => inside.has(candidate))) {
      if (to === start) return [...path, start];
      if (seen.has(to)) continue;
      seen.add(to);
      const found = walk([...path, to]);
      if (found) return found;
    }
    return undefined;
  };
  return walk([start]) ?? [start, start];
}
