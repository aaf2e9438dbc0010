/**
 * The reliability suite's figures: each test prints one block, so a CI log
 * (and docs/reliability.md) shows what was measured, not only that it passed.
 */
export function printFigures(title: string, figures: Record<string, string | number>): void {
  const lines = Object.entries(figures).map(([name, value]) => `  ${name}: ${value}`);
  console.log(`[reliability] ${title}\n${lines.join("\n")}`);
}
