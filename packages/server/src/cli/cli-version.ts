import { readFileSync } from "node:fs";

/** The installed @holomush/server version (dist/cli.js and src/cli.ts both sit one folder below package.json). */
export function hostVersion(): string {
  const file = new URL("../package.json", import.meta.url);
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}
