/**
 * The host's private run directory (mode 0700): the socket plugins dial and
 * the token files of dial-in plugins. A directory named after our pid lets a
 * later host remove what a killed one left behind.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PREFIX = "holomush-";

export interface RunDir {
  readonly dir: string;
  /** The socket the host serves on. */
  readonly socketPath: string;
  /** Writes `<name>.token` with mode 0600 and returns its path. */
  writeToken(pluginName: string, token: string): string;
  /** Removes the directory and everything in it (idempotent, synchronous for exit handlers). */
  remove(): void;
}

export interface RunDirOptions {
  /** Use this directory (created 0700 if missing) instead of a fresh one under os.tmpdir(). */
  dir?: string;
  /** Where fresh run directories are made (default os.tmpdir()). */
  base?: string;
}

export function createRunDir(options: RunDirOptions = {}): RunDir {
  let dir: string;
  if (options.dir) {
    dir = options.dir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    rmSync(join(dir, "host.sock"), { force: true });
  } else {
    const base = options.base ?? tmpdir();
    cleanStaleRunDirs(base);
    dir = mkdtempSync(join(base, `${PREFIX}${process.pid}-`));
    chmodSync(dir, 0o700);
  }
  let removed = false;
  return {
    dir,
    socketPath: join(dir, "host.sock"),
    writeToken(pluginName, token) {
      const file = join(dir, `${pluginName}.token`);
      writeFileSync(file, `${token}\n`, { mode: 0o600 });
      return file;
    },
    remove() {
      if (removed) return;
      removed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Removes `holomush-<pid>-*` directories whose pid is no longer running. */
export function cleanStaleRunDirs(base: string = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = /^holomush-(\d+)-[A-Za-z0-9]+$/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    try {
      rmSync(join(base, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Someone else's directory (another user): not ours to clean.
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A fresh per-plugin secret: 32 random bytes, base64url. */
export function createPluginToken(): string {
  return randomBytes(32).toString("base64url");
}
