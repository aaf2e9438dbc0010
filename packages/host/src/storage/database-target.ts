/**
 * A loggable name for a database connection string: `host:port/database
 * (user …)`, never the password. Used in every error and log line about
 * reaching a database so an operator sees where the host tried to go.
 */

import { HostError, HostErrorCode } from "../errors.js";

const DEFAULT_PORT = "5432";
const EXAMPLE = "postgres://user@127.0.0.1:5432/holomush";

/**
 * Refuses a connection string that cannot name a server, before any attempt
 * to reach it: `pg` would read `base` or `localhost:5432/db` as a host name
 * and retry DNS for the whole startup timeout (`getaddrinfo ENOTFOUND base`).
 * Accepted: `postgres://` or `postgresql://` URLs with a host (or a `?host=`
 * socket directory) and a valid port. The message never repeats the password.
 */
export function checkDatabaseUrl(connectionString: string, field = "--database"): void {
  const refuse = (why: string) =>
    new HostError(HostErrorCode.INVALID_ARGUMENT, `${field} is not a PostgreSQL URL: ${why} (e.g. ${EXAMPLE})`, {
      field,
    });
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw refuse("it does not parse as a URL");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw refuse(`the scheme is "${url.protocol.replace(/:$/, "")}", not postgres or postgresql`);
  }
  // `postgres:///db` (default host) is fine; `postgres:base` has no authority part at all.
  if (!connectionString.slice(url.protocol.length).startsWith("//"))
    throw refuse("it names no host (postgres://HOST/…)");
  const port = url.port || url.searchParams.get("port");
  if (port && !/^\d{1,5}$/.test(port)) throw refuse(`port "${port}" is not a number`);
}

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
