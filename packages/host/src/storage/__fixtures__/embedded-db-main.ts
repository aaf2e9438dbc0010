/**
 * A throwaway process serving one embedded plugin database (PGlite behind
 * its socket), for tests whose point is that the process survives what a
 * plugin sends to that socket. Prints {socketPath, connectionString}.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmbeddedProvisioner } from "../embedded-provisioner.js";

const dataDir = mkdtempSync(join(tmpdir(), "holomush-embedded-db-"));
const provisioner = createEmbeddedProvisioner({ dataDir });
const database = await provisioner.provision("hostile-target");
const url = new URL(database.connectionString);
const socketPath = join(
  decodeURIComponent(url.searchParams.get("host") ?? ""),
  `.s.PGSQL.${url.searchParams.get("port")}`,
);
process.stdout.write(`${JSON.stringify({ socketPath, connectionString: database.connectionString })}\n`);
process.on(
  "SIGTERM",
  () =>
    void provisioner.close().finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }),
);
setInterval(() => undefined, 60_000);
