/**
 * The layering docs/architecture.md states, checked by `pnpm check:layers`
 * (dependency-cruiser) in CI. Layers of packages/host/src, lowest first; a
 * folder imports only its own layer's files and lower layers:
 *
 *   0 base      errors.ts, v8-workarounds.ts, io/, recording/
 *   1 manifest  manifest/, and each runtime's manifest section (runtimes/manifest-sections.ts,
 *               runtimes/<rt>/<rt>-manifest-section.ts, inproc/inproc-manifest-section.ts): a
 *               runtime owns its section's rules, the manifest reads them
 *   2 world     world/  (the WorldDirectory seam and the in-memory world)
 *   3 storage   storage/
 *   4 seams     plugins/ except its wiring (runtime, plugin host API, lifecycle records, services)
 *   5 engine    events/, focus/, auth/  (none imports another)
 *   6 wiring    plugins/create-plugin-host-api.ts, plugins/plugin-manager.ts, commands/, inproc/, metrics/
 *   7 host      host/   (createHost), cluster/ (cluster mode, wraps the runtimes for placement)
 *   8 runtimes  runtimes/<rt>/  (none imports another)
 *   9 api       index.ts
 *
 * Tests, test support and fixtures may reach across (they are not shipped).
 * @holomush/server imports @holomush/host only through its public entry point.
 */
const HOST = "^packages/host/src/";
const NOT_TEST = "\\.test\\.ts$|\\.test-support\\.ts$|/__fixtures__/|\\.contract\\.ts$";
const WIRING_IN_PLUGINS = `${HOST}plugins/(create-plugin-host-api|plugin-manager)\\.ts$`;

const layers = [
  { name: "base", path: [`${HOST}(errors|v8-workarounds)\\.ts$`, `${HOST}(io|recording)/`] },
  {
    name: "manifest",
    path: [
      `${HOST}manifest/`,
      `${HOST}runtimes/manifest-sections\\.ts$`,
      `${HOST}(runtimes/[^/]+|inproc)/[^/]+-manifest-section\\.ts$`,
      // the names a wasm section may grant, shared with the worker's bindings (imports nothing)
      `${HOST}runtimes/wasm/host-function-names\\.ts$`,
    ],
  },
  { name: "world", path: [`${HOST}world/`] },
  { name: "storage", path: [`${HOST}storage/`] },
  { name: "plugin seams", path: [`${HOST}plugins/`], pathNot: [WIRING_IN_PLUGINS] },
  { name: "engine", path: [`${HOST}(events|focus|auth)/`] },
  { name: "wiring", path: [WIRING_IN_PLUGINS, `${HOST}(commands|inproc|metrics)/`] },
  { name: "host", path: [`${HOST}(host|cluster)/`] },
  { name: "runtimes", path: [`${HOST}runtimes/`] },
  { name: "api", path: [`${HOST}index\\.ts$`] },
];

/** One rule per layer: nothing in it imports a layer above it. */
const noUpwardImports = layers.slice(0, -1).map((layer, index) => ({
  name: `host-layer-${layer.name.replace(/ /g, "-")}`,
  comment: `packages/host/src: the ${layer.name} layer imports only its own and lower layers (docs/architecture.md)`,
  severity: "error",
  from: { path: layer.path, ...(layer.pathNot ? { pathNot: [...layer.pathNot, NOT_TEST] } : { pathNot: NOT_TEST }) },
  to: {
    path: layers.slice(index + 1).flatMap((higher) => higher.path),
    pathNot: [NOT_TEST, ...(layer.name === "plugin seams" ? [] : layer.path)],
  },
}));

module.exports = {
  forbidden: [
    ...noUpwardImports,
    {
      name: "host-engine-folders-independent",
      comment: "events/, focus/ and auth/ are one layer: none imports another",
      severity: "error",
      from: { path: `${HOST}(events|focus|auth)/`, pathNot: NOT_TEST },
      to: { path: `${HOST}(events|focus|auth)/`, pathNot: [NOT_TEST, `${HOST}$1/`] },
    },
    {
      name: "host-runtimes-independent",
      comment: "runtime-specific code stays inside its runtime folder: no runtime imports another",
      severity: "error",
      from: { path: `${HOST}runtimes/([^/]+)/`, pathNot: NOT_TEST },
      to: { path: `${HOST}runtimes/`, pathNot: [NOT_TEST, `${HOST}runtimes/$1/`] },
    },
    {
      name: "server-uses-host-public-api",
      comment: "@holomush/server imports @holomush/host only through its public entry point",
      severity: "error",
      from: { path: "^packages/server/" },
      to: {
        path: "^packages/host/",
        pathNot: "^packages/host/(dist/index\\.(js|cjs|d\\.ts|d\\.cts)|package\\.json)$",
      },
    },
    {
      name: "no-circular",
      comment: "no import cycles in the host or the server",
      severity: "error",
      from: { path: "^packages/(host|server)/(src|bench)/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|node_modules)/|^packages/host/src/.*/__fixtures__/plugins/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "types", "default"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".d.ts"],
    },
    combinedDependencies: false,
  },
};
