#!/usr/bin/env node
/**
 * `npm create holomush-plugin@latest [directory]` — asks for what the flags do
 * not give when run in a terminal; with --yes (or no terminal) every missing
 * answer is an error, so CI can run it.
 */
import { readFileSync } from "node:fs";
import { basename, relative, resolve } from "node:path";
import { cancel, intro, isCancel, outro, select, text } from "@clack/prompts";
import { Command } from "commander";
import { PLUGIN_KINDS } from "./kinds.js";
import { tarballsIn } from "./packages-from.js";
import { pluginNameProblem } from "./plugin-name.js";
import { ScaffoldError, scaffoldPlugin } from "./scaffold.js";
import { sdkSourcesIn } from "./sdks.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

interface Flags {
  name?: string;
  kind?: string;
  yes?: boolean;
  packagesFrom?: string;
  sdksFrom?: string;
}

const program = new Command("create-holomush-plugin")
  .description("Scaffold a HoloMUSH plugin: manifest, source, a passing test and a README")
  .version(version)
  .argument("[directory]", "where to write the plugin (default: ./<name>)")
  .option("-n, --name <name>", "the plugin's name (lowercase, digits, hyphens)")
  .option("-k, --kind <kind>", `the kind of plugin: ${PLUGIN_KINDS.map((kind) => kind.id).join(", ")}`)
  .option("-y, --yes", "never ask: fail on a missing --name or --kind")
  .option("--packages-from <dir>", "depend on @holomush tarballs in <dir> instead of the registry")
  .option(
    "--sdks-from <dir>",
    "go/python kinds: build against the SDKs in <dir> (a holomush-plugins checkout) instead of the published ones",
  )
  .addHelpText(
    "after",
    `\nKinds:\n${PLUGIN_KINDS.map((kind) => `  ${kind.id.padEnd(16)}${kind.label}: ${kind.hint}`).join("\n")}`,
  );

function answer(value: string | symbol): string {
  if (typeof value === "symbol" || isCancel(value)) {
    cancel("Nothing written.");
    process.exit(130);
  }
  return value;
}

async function main(directoryArg: string | undefined, flags: Flags): Promise<void> {
  const interactive = !flags.yes && process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (interactive) intro(`create-holomush-plugin ${version}`);
  let name: string | undefined = flags.name ?? (directoryArg ? basename(resolve(directoryArg)) : undefined);
  if (name === undefined || (interactive && pluginNameProblem(name) !== undefined && flags.name === undefined)) {
    if (!interactive) throw new ScaffoldError("--name is required (or run in a terminal to be asked)");
    name = answer(
      await text({
        message: "Plugin name",
        placeholder: "dice-roller",
        validate: (value) => pluginNameProblem(value ?? ""),
      }),
    );
  }
  let kind: string | undefined = flags.kind;
  if (kind === undefined) {
    if (!interactive) throw new ScaffoldError(`--kind is required: ${PLUGIN_KINDS.map((k) => k.id).join(", ")}`);
    kind = answer(
      await select({
        message: "Kind of plugin",
        options: PLUGIN_KINDS.map((k) => ({ value: k.id, label: k.label, hint: k.hint })),
      }),
    );
  }
  const result = scaffoldPlugin({
    name,
    kind,
    version,
    directory: directoryArg ?? name,
    ...(flags.packagesFrom ? { packages: tarballsIn(flags.packagesFrom) } : {}),
    ...(flags.sdksFrom ? { sdks: sdkSourcesIn(flags.sdksFrom) } : {}),
  });
  const where = relative(process.cwd(), result.directory) || ".";
  const next = [`cd ${where}`, ...result.steps].map((step) => `  ${step}`).join("\n");
  const summary = `Wrote ${result.files.length} files to ${where}. Next:\n${next}`;
  if (interactive) outro(summary);
  else console.log(summary);
}

program.action(async (directory: string | undefined, flags: Flags) => {
  try {
    await main(directory, flags);
  } catch (error) {
    if (!(error instanceof ScaffoldError)) throw error;
    console.error(`create-holomush-plugin: ${error.message}`);
    process.exitCode = 2;
  }
});
await program.parseAsync();
