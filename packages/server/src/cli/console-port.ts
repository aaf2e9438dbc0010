/**
 * Fails fast when the console's address cannot be listened on (in use, not a
 * local address, no permission): `run` checks it before it opens storage and
 * loads plugins, which take seconds and start child processes for nothing.
 */
import net from "node:net";
import { HostError, HostErrorCode } from "@holomush/host";

export async function checkConsoleAddress(listen: { host: string; port: number }): Promise<void> {
  if (listen.port === 0) return; // any free port: nothing to check
  const probe = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once("error", reject);
      probe.listen({ host: listen.host, port: listen.port, exclusive: true }, () => resolve());
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === "EADDRINUSE"
        ? "the address is in use (is another host running?)"
        : code === "EADDRNOTAVAIL"
          ? "that host is not an address of this machine"
          : code === "EACCES"
            ? "permission denied (ports below 1024 need privileges)"
            : `cannot listen there (${code ?? String(error)})`;
    throw new HostError(
      HostErrorCode.INVALID_ARGUMENT,
      `--console ${listen.host}:${listen.port}: ${why}; choose another with --console HOST:PORT`,
      { field: "--console", cause: error },
    );
  } finally {
    await new Promise<void>((resolve) => (probe.listening ? probe.close(() => resolve()) : resolve()));
  }
}
