#!/usr/bin/env node
import { Command, Option } from "commander";
import { runHost } from "./cli/run-command.js";
import { validateCommand } from "./cli/validate-command.js";

const program = new Command()
  .name("holomush-host")
  .description("The HoloMUSH plugin host: runs plugins and a line console for players");

program
  .command("run")
  .description("load plugin directories and open the TCP console")
  .option(
    "--plugins <dir>",
    "plugin search path (repeatable; default: examples/)",
    (value, all: string[]) => [...all, value],
    [],
  )
  .option("--console <host:port>", "where the line console listens", "127.0.0.1:4201")
  .option("--data <dir>", "directory for the embedded database (PGlite)", ".holomush/data")
  .option("--database <url>", "PostgreSQL connection string (instead of the embedded database)")
  .option("--metrics-port <port>", "serve Prometheus metrics on this port")
  .option("--log-level <level>", "pino log level", "info")
  .addOption(
    new Option("--admin <host:port>", "serve the operator console here (loopback: 127.0.0.1:PORT)").env(
      "HOLOMUSH_ADMIN",
    ),
  )
  .addOption(
    new Option("--admin-token-file <file>", "read the admin token from this file (default: generated and printed)"),
  )
  .action(async (options) => {
    await runHost(options);
  });

program
  .command("validate")
  .description("validate plugin.yaml files or plugin directories")
  .argument("<path...>", "a plugin.yaml, a plugin directory, or a directory of plugins")
  .action(async (paths: string[]) => {
    process.exitCode = await validateCommand(paths);
  });

program.parseAsync().catch((error: unknown) => {
  console.error(`holomush-host: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
