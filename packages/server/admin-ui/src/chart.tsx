/** A small inline-SVG line chart of one series (no chart library needed for this much). */
export function LineChart(props: { title: string; unit: string; points: Array<[number, number | undefined]> }) {
  const width = 320;
  const height = 110;
  const pad = 24;
  const defined = props.points.filter((p): p is [number, number] => p[1] !== undefined);
  const max = Math.max(...defined.map((p) => p[1]), 0) || 1;
  const t0 = props.points[0]?.[0] ?? 0;
  const t1 = props.points.at(-1)?.[0] ?? t0 + 1;
  const x = (t: number) => pad + ((t - t0) / Math.max(1, t1 - t0)) * (width - pad - 4);
  const y = (v: number) => height - 16 - (v / max) * (height - 28);
  const path = defined.map((p, i) => `${i === 0 ? "M" : "L"}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(" ");
  const last = defined.at(-1)?.[1];
  return (
    <div class="chart">
      <div class="title">
        {props.title}: {last === undefined ? "—" : `${last.toFixed(2)} ${props.unit}`}
      </div>
      <svg width={width} height={height} role="img" aria-label={props.title}>
        <line x1={pad} y1={height - 16} x2={width - 4} y2={height - 16} stroke="#d9dde3" />
        <text x={2} y={14} font-size="10" fill="#66707c">
          {max.toPrecision(2)}
        </text>
        <text x={2} y={height - 18} font-size="10" fill="#66707c">
          0
        </text>
        <text x={pad} y={height - 3} font-size="10" fill="#66707c">
          {`${Math.round((t1 - t0) / 1000)}s`}
        </text>
        <path d={path} fill="none" stroke="#2f6fde" stroke-width="1.5" />
        {/* Dots too: a latency series has gaps (no deliveries), and a lone point draws no line. */}
        {defined.map((p) => (
          <circle key={p[0]} cx={x(p[0]).toFixed(1)} cy={y(p[1]).toFixed(1)} r="1.8" fill="#2f6fde" />
        ))}
      </svg>
    </div>
  );
}
