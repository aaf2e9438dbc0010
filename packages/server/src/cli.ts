#!/usr/bin/env node
import { delimiter } from "node:path";
import { Command, Option } from "commander";
import { LOG_FORMATS, LOG_LEVELS } from "./cli/cli-logger.js";
import { hostVersion } from "./cli/cli-version.js";
import { addLimitFlags } from "./cli/limit-flags.js";
import { runHost } from "./cli/run-command.js";
import { validateCommand } from "./cli/validate-command.js";

const program = new Command()
  .name("holomush-host")
  .description("The HoloMUSH plugin host: runs plugins and a line console for players")
  .version(hostVersion(), "-v, --version", "print the version")
  .addHelpText("after", "\nEvery option of run and record can also be set by the HOLOMUSH_* variable shown beside it.");

/** The options `run`, `record` and `dev` share. */
function hostOptions(command: Command): Command {
  return addLimitFlags(command)
    .addOption(
      new Option("--plugins <dir>", "plugin search path (repeatable, or several joined by ':'; default: examples/)")
        .argParser((value, all: string[] | undefined) => [...(all ?? []), ...value.split(delimiter).filter(Boolean)])
        .env("HOLOMUSH_PLUGINS"),
    )
    .addOption(
      new Option("--console <host:port>", "where the line console listens")
        .default("127.0.0.1:4201")
        .env("HOLOMUSH_CONSOLE"),
    )
    .addOption(
      new Option("--data <dir>", "directory for the embedded database (PGlite)")
        .default(".holomush/data")
        .env("HOLOMUSH_DATA"),
    )
    .addOption(
      new Option("--database <url>", "PostgreSQL connection string (instead of the embedded database)").env(
        "HOLOMUSH_DATABASE",
      ),
    )
    .addOption(
      new Option("--metrics-port <port>", "serve Prometheus metrics on this port").env("HOLOMUSH_METRICS_PORT"),
    )
    .addOption(
      new Option("--log-level <level>", "how much to log")
        .choices(LOG_LEVELS)
        .default("info")
        .env("HOLOMUSH_LOG_LEVEL"),
    )
    .addOption(
      new Option("--log-format <format>", "pretty lines on a terminal and JSON otherwise (auto), or force one")
        .choices(LOG_FORMATS)
        .default("auto")
        .env("HOLOMUSH_LOG_FORMAT"),
    )
    .addOption(
      new Option("--watch", "reload a plugin when its files change, rebuilding it first if it has a build script").env(
        "HOLOMUSH_WATCH",
      ),
    )
    .addOption(
      new Option("--admin <host:port>", "serve the operator console here (loopback: 127.0.0.1:PORT)").env(
        "HOLOMUSH_ADMIN",
      ),
    )
    .addOption(
      new Option("--admin-token-file <file>", "read the admin token from this file (default: generated and printed)"),
    );
}

hostOptions(program.command("run").description("load plugin directories and open the TCP console"))
  .addOption(
    new Option(
      "--cluster <nats-url>",
      "join a cluster through NATS JetStream (needs --database; docs/scale-out.md)",
    ).env("HOLOMUSH_CLUSTER"),
  )
  .addOption(
    new Option(
      "--no-prepared-statements",
      "with --database: run statements unnamed (behind a transaction-pooling PgBouncer older than 1.21)",
    ).env("HOLOMUSH_NO_PREPARED_STATEMENTS"),
  )
  .addOption(
    new Option("--node-id <id>", "this host's name in the cluster (default: hostname-pid)").env("HOLOMUSH_NODE_ID"),
  )
  .addOption(
    new Option("--replicated <plugins>", "with --cluster: plugins every node runs (comma-separated; others: one node)")
      .argParser((value) =>
        value
          .split(",")
          .map((name) => name.trim())
          .filter(Boolean),
      )
      .env("HOLOMUSH_REPLICATED"),
  )
  .addOption(
    new Option("--lease-ttl <ms>", "with --cluster: how long a singleton's lease outlives its node (default 5000)").env(
      "HOLOMUSH_LEASE_TTL",
    ),
  )
  .addOption(
    new Option("--record <file>", "also record every event and typed command to <file> (JSON lines)").env(
      "HOLOMUSH_RECORD",
    ),
  )
  .action(async (options) => {
    await runHost(options);
  });

hostOptions(
  program
    .command("record")
    .description("run the host like `run` and record every event and typed command to <file> (JSON lines)")
    .argument("<file>", "the recording to write (replay it with @holomush/testkit's replayRecording)"),
).action(async (file: string, options) => {
  await runHost({ ...options, record: file });
});

hostOptions(
  program
    .command("dev")
    .description(
      "run with edit-and-reload: a plugin's edits rebuild and reload it; errors go to the terminal and builders",
    ),
)
  .addOption(
    new Option(
      "--builder <name>",
      "a player told about reloads and failures (repeatable or comma-separated; default: every player)",
    )
      .argParser((value, all: string[] | undefined) => [
        ...(all ?? []),
        ...value
          .split(",")
          .map((name) => name.trim())
          .filter(Boolean),
      ])
      .env("HOLOMUSH_BUILDERS"),
  )
  .action(async (options) => {
    await runHost({ ...options, watch: true, builders: options.builder });
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
