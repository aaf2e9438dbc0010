/** The dependency graph: layers left to right, an arrow from each plugin to what it needs. */
import { useEffect, useState } from "preact/hooks";
import { api, type Graph } from "./api.js";

const COLUMN = 210;
const ROW = 64;
const BOX = { width: 160, height: 38 };
const STATE_COLOR: Record<string, string> = { running: "#1f8a4c", failed: "#c2372f", skipped: "#c2372f" };

export function GraphPage() {
  const [graph, setGraph] = useState<Graph | undefined>(undefined);
  useEffect(() => void api.graph().then(setGraph), []);
  if (graph === undefined) return <p class="muted">Loading…</p>;
  const rows = new Map<number, number>();
  const at = new Map<string, { x: number; y: number }>();
  for (const node of [...graph.nodes].sort((a, b) => a.layer - b.layer || a.name.localeCompare(b.name))) {
    const row = rows.get(node.layer) ?? 0;
    rows.set(node.layer, row + 1);
    at.set(node.name, { x: 20 + node.layer * COLUMN, y: 20 + row * ROW });
  }
  const width = 40 + Math.max(1, rows.size) * COLUMN;
  const height = 40 + Math.max(1, ...rows.values()) * ROW;
  return (
    <>
      <h1>Dependency graph</h1>
      <p class="muted">
        An arrow points from a plugin to the plugin it depends on (dashed: optional; labelled: a service).
      </p>
      <svg class="graph" id="dependency-graph" width={width} height={height} role="img" aria-label="dependency graph">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill="#66707c" />
          </marker>
        </defs>
        {graph.edges.map((edge) => {
          const from = at.get(edge.from);
          const to = at.get(edge.to);
          if (!from || !to) return null;
          const x1 = from.x;
          const y1 = from.y + BOX.height / 2;
          const x2 = to.x + BOX.width;
          const y2 = to.y + BOX.height / 2;
          return (
            <g key={`${edge.from}-${edge.to}-${edge.service ?? ""}`}>
              <line
                x1={x1}
                y1={y1}
                x2={x2}
                y2={y2}
                stroke="#66707c"
                stroke-dasharray={edge.optional ? "4 3" : undefined}
                marker-end="url(#arrow)"
              />
              {edge.service && (
                <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 4} font-size="10" fill="#66707c" text-anchor="middle">
                  {edge.service.split(".").at(-1)}
                </text>
              )}
            </g>
          );
        })}
        {graph.nodes.map((node) => {
          const place = at.get(node.name)!;
          return (
            <a key={node.name} href={`#/plugins/${encodeURIComponent(node.name)}`}>
              <rect
                x={place.x}
                y={place.y}
                width={BOX.width}
                height={BOX.height}
                rx="5"
                fill="#fff"
                stroke={STATE_COLOR[node.state] ?? "#66707c"}
                stroke-width="1.5"
              />
              <text x={place.x + 8} y={place.y + 16} font-size="12" font-weight="600" fill="#1d232b">
                {node.name}
              </text>
              <text x={place.x + 8} y={place.y + 30} font-size="10" fill="#66707c">
                {node.runtime} · {node.state}
              </text>
            </a>
          );
        })}
      </svg>
    </>
  );
}
