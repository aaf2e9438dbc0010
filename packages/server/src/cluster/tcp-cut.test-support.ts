/**
 * Test support: a TCP relay in front of the NATS server for one host, so a
 * test can cut that host off from NATS (a network partition) while the host
 * process keeps running, and heal it again.
 */
import net from "node:net";

export interface TcpCut {
  readonly url: string;
  /** Drops every connection and refuses new ones. */
  cut(): void;
  heal(): void;
  close(): Promise<void>;
}

export async function startTcpCut(targetPort: number): Promise<TcpCut> {
  const sockets = new Set<net.Socket>();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `nats://127.0.0.1:${port}`,
    cut() {
      refusing = true;
      for (const socket of sockets) socket.destroy();
    },
    heal() {
      refusing = false;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
