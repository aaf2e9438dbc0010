#!/usr/bin/env node
// Logs in to its own database (the connection string Init gave it) on every
// vault-check, so a reset password shows at once.
import { ok, serveWithServices } from "@holomush/plugin-sdk";
import pg from "pg";

let config;

await serveWithServices(
  {
    handler: {
      async handleEvent() {
        return [];
      },
      async handleCommand() {
        // The host that spawned it (process plugins do not inherit the host's environment).
        const node = `host ${process.ppid}`;
        const client = new pg.Client({ connectionString: config.connectionString });
        try {
          await client.connect();
          const { rows } = await client.query("SELECT current_user AS who");
          return ok(`vault ok as ${rows[0].who} via ${node}`);
        } catch (error) {
          return ok(`vault failed via ${node}: ${error.message}`);
        } finally {
          await client.end().catch(() => undefined);
        }
      },
    },
  },
  {
    init(value) {
      config = value;
    },
  },
);
