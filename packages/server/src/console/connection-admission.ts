/**
 * Who may open a console connection: at most `maxConnections` at once and
 * `maxConnectionsPerAddress` from one remote address. A refused client is
 * told why before the socket closes (see console-server.ts).
 */
export type Admission =
  | { admitted: true; release(): void }
  | { admitted: false; limit: "max_connections" | "max_per_address"; reason: string };

export interface ConnectionAdmission {
  admit(address: string): Admission;
  /** Open connections by address (for tests and metrics). */
  readonly open: number;
}

export function createConnectionAdmission(limits: {
  maxConnections: number;
  maxConnectionsPerAddress: number;
}): ConnectionAdmission {
  const byAddress = new Map<string, number>();
  let open = 0;
  return {
    admit(address) {
      if (open >= limits.maxConnections) {
        return {
          admitted: false,
          limit: "max_connections",
          reason: `the host has ${limits.maxConnections} connections open, its limit`,
        };
      }
      const mine = byAddress.get(address) ?? 0;
      if (mine >= limits.maxConnectionsPerAddress) {
        return {
          admitted: false,
          limit: "max_per_address",
          reason: `your address has ${limits.maxConnectionsPerAddress} connections open, the limit per address`,
        };
      }
      open++;
      byAddress.set(address, mine + 1);
      let released = false;
      return {
        admitted: true,
        release() {
          if (released) return;
          released = true;
          open--;
          const left = (byAddress.get(address) ?? 1) - 1;
          if (left === 0) byAddress.delete(address);
          else byAddress.set(address, left);
        },
      };
    },
    get open() {
      return open;
    },
  };
}
