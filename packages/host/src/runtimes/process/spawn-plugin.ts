/**
 * Starting a plugin's executable: resolved inside the plugin directory (the
 * real path may not escape it), executable, refused at load otherwise. The
 * child's stdout/stderr become host log lines tagged with the plugin; the
 * protocol runs on the socket pair at fd 3 (spawn-connection.ts), so garbage
 * on stdout cannot break it. stdin stays an open pipe: the SDK exits when it
 * closes (the host died).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../../errors.js";
import type { ManifestSource } from "../../manifest/manifest.js";
import { realPluginPath } from "../../manifest/real-plugin-paths.js";
import { pipePluginOutput } from "./plugin-output.js";
import { SPAWN_STDIO } from "./spawn-connection.js";

const FIELD = "binary-plugin.executable";

/** The real path of the plugin's executable, or a coded HostError. */
export function resolveExecutable(source: ManifestSource): string {
  const { manifest, dir, file } = source;
  const context = { plugin: manifest.name, file, field: FIELD };
  const declared = manifest.binaryPlugin?.executable;
  if (!declared) throw new HostError(HostErrorCode.EXECUTABLE_INVALID, "no executable declared", context);
  let real: string;
  let realDir: string;
  try {
    realDir = realpathSync(dir);
    real = realpathSync(resolve(dir, declared));
  } catch (error) {
    // Usually a plugin whose build has not run, or skipped it for a missing toolchain
    // (scripts/lib/require-tool.sh): say so, and let the log keep it to one line.
    throw new HostError(
      HostErrorCode.EXECUTABLE_INVALID,
      `executable ${declared} does not exist: the plugin is not built (run its build, e.g. \`pnpm run build\`)`,
      { ...context, cause: error, details: { notBuilt: "true" } },
    );
  }
  const inside = relative(realDir, real);
  if (inside.startsWith("..") || isAbsolute(inside)) {
    throw new HostError(
      HostErrorCode.PATH_ESCAPES_PLUGIN_DIR,
      `executable ${declared} resolves to ${real}, outside the plugin directory`,
      context,
    );
  }
  if (!statSync(real).isFile()) {
    throw new HostError(HostErrorCode.EXECUTABLE_INVALID, `executable ${declared} is not a file`, context);
  }
  try {
    accessSync(real, constants.X_OK);
  } catch (error) {
    throw new HostError(HostErrorCode.EXECUTABLE_INVALID, `executable ${declared} is not executable (chmod +x)`, {
      ...context,
      cause: error,
    });
  }
  return real;
}

/** The working directory: `binary-plugin.work-dir`, whose real path must stay inside the plugin directory. */
export function resolveWorkDir(source: ManifestSource): string {
  const workDir = source.manifest.binaryPlugin?.workDir;
  return workDir ? realPluginPath(source, workDir, "binary-plugin.work-dir") : source.dir;
}

export interface SpawnPluginOptions {
  executable: string;
  args: string[];
  cwd: string;
  /** Full environment for the child (the host's own environment is not inherited beyond PATH/HOME). */
  env: Record<string, string>;
  logger: Logger;
  /** Longest stdout/stderr line logged, bytes (default DEFAULT_MAX_OUTPUT_LINE_BYTES); longer ones are dropped. */
  maxOutputLineBytes?: number;
}

export function spawnPlugin(options: SpawnPluginOptions): ChildProcess {
  const child = spawn(options.executable, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: [...SPAWN_STDIO],
    // Its own process group: a terminal's Ctrl-C reaches only the host, which
    // then shuts plugins down gracefully. Orphans are still impossible: the
    // SDK exits when its stdin (the lifeline) closes with the host.
    detached: true,
  });
  // A child that dies mid-write must not crash the host with EPIPE.
  child.stdin?.on("error", () => {});
  pipePluginOutput(child.stdout, options.logger, "stdout", options.maxOutputLineBytes);
  pipePluginOutput(child.stderr, options.logger, "stderr", options.maxOutputLineBytes);
  return child;
}

/** Environment passed to every plugin child besides HOLOMUSH_* and the manifest's env. */
export function baseEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ["PATH", "HOME", "TMPDIR", "LANG", "TZ"]) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}
