/**
 * A loggable name for a database connection string: `host:port/database
 * (user …)`, never the password. Used in every error and log line about
 * reaching a database so an operator sees where the host tried to go.
 */

const DEFAULT_PORT = "5432";

export function describeDatabaseTarget(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return "the configured database (connection string is not a URL)";
  }
  const socketDir = url.searchParams.get("host");
  const host = socketDir ?? (url.hostname || "localhost");
  const port = url.port || url.searchParams.get("port") || DEFAULT_PORT;
  const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || "(default database)";
  const user = url.username ? ` (user ${decodeURIComponent(url.username)})` : "";
  return `${host}:${port}/${database}${user}`;
}
