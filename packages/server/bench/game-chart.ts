/**
 * The whole-game benchmark's chart: one row per player count, drawn with
 * Vega-Lite (rendered to SVG headless, no canvas) and rasterised to PNG by
 * resvg, so the cost of growth is visible at a glance.
 */
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export interface GameRow {
  players: number;
  commandsPerSecond: number;
  /** Commands whose answer did not come within the answer timeout, per second. */
  lostPerSecond: number;
  /** Null when no command was answered (nothing to plot). */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Host CPU over the run, % of one core. */
  cpuPercent: number;
  rssMiB: number;
}

const panel = (title: string, layers: Array<{ field: keyof GameRow; label: string }>, unit: string) => ({
  title,
  width: 220,
  height: 160,
  transform: [
    { fold: layers.map((layer) => layer.field), as: ["series", "value"] },
    { filter: "isValid(datum.value)" },
  ],
  mark: { type: "line" as const, point: true },
  encoding: {
    x: { field: "players", type: "quantitative" as const, scale: { type: "log" as const }, title: "players" },
    y: { field: "value", type: "quantitative" as const, title: unit },
    color: {
      field: "series",
      type: "nominal" as const,
      title: null,
      scale: { domain: layers.map((layer) => layer.field), range: ["#1f77b4", "#d62728"] },
      legend: { orient: "top" as const, labelExpr: labelExpr(layers) },
    },
  },
});

function labelExpr(layers: Array<{ field: string; label: string }>): string {
  return layers.reduceRight(
    (otherwise, layer) => `datum.label === '${layer.field}' ? '${layer.label}' : ${otherwise}`,
    "datum.label",
  );
}

/** The Vega-Lite spec of the chart for these rows. */
export function gameChartSpec(rows: readonly GameRow[], subtitle: string): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Whole game: N players on the TCP console", subtitle },
    data: { values: rows.map((row) => ({ ...row })) },
    hconcat: [
      panel(
        "command → echo at the player",
        [
          { field: "p50Ms", label: "p50" },
          { field: "p99Ms", label: "p99" },
        ],
        "ms",
      ),
      panel(
        "throughput",
        [
          { field: "commandsPerSecond", label: "answered/s" },
          { field: "lostPerSecond", label: "lost/s" },
        ],
        "commands/s",
      ),
      panel(
        "host",
        [
          { field: "cpuPercent", label: "CPU % of a core" },
          { field: "rssMiB", label: "RSS MiB" },
        ],
        "% / MiB",
      ),
    ],
    resolve: { scale: { color: "independent", y: "independent" }, legend: { color: "independent" } },
    config: { font: "DejaVu Sans, sans-serif" },
  } as TopLevelSpec;
}

/** The chart as PNG bytes. */
export async function renderGameChart(rows: readonly GameRow[], subtitle: string): Promise<Buffer> {
  const view = new vega.View(vega.parse(compile(gameChartSpec(rows, subtitle)).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return new Resvg(svg, { font: { loadSystemFonts: true }, background: "white", fitTo: { mode: "zoom", value: 2 } })
    .render()
    .asPng();
}
