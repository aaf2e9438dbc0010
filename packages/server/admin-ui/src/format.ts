/** Number formats shared by the pages. */
export function uptime(seconds: number | undefined): string {
  if (seconds === undefined) return "—";
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

export function rate(value: number): string {
  return value === 0 ? "0" : value < 10 ? value.toFixed(2) : value.toFixed(0);
}

export function ms(value: number | undefined): string {
  if (value === undefined) return "—";
  return value < 1 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`;
}
