/**
 * The embedded provisioner's socket directories: `holomush-pg-*` in the OS
 * temp dir (socket paths must stay under ~100 bytes). Each holds an
 * `owner.pid` file; a host removes its own at stop, and every new one first
 * sweeps the directories a crashed run left: those whose owner process is
 * gone, and (older hosts wrote no owner file) unowned ones over a day old.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SOCKET_DIR_PREFIX = "holomush-pg-";
const OWNER_FILE = "owner.pid";
const UNOWNED_STALE_MS = 24 * 60 * 60 * 1000;

/** A fresh socket directory (mode 0700) owned by this process, after sweeping stale ones. */
export function createSocketDir(root = tmpdir()): string {
  sweepStaleSocketDirs(root);
  const dir = mkdtempSync(join(root, SOCKET_DIR_PREFIX));
  writeFileSync(join(dir, OWNER_FILE), String(process.pid), { mode: 0o600 });
  return dir;
}

/** Removes this user's stale socket directories under `root`; returns what it removed. */
export function sweepStaleSocketDirs(root = tmpdir(), now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => name.startsWith(SOCKET_DIR_PREFIX));
  } catch {
    return removed;
  }
  for (const name of names) {
    const dir = join(root, name);
    try {
      const info = statSync(dir);
      if (!info.isDirectory() || (process.getuid && info.uid !== process.getuid())) continue;
      const owner = readOwner(dir);
      const stale = owner === undefined ? now - info.mtimeMs > UNOWNED_STALE_MS : !isAlive(owner);
      if (!stale) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Vanished meanwhile or not ours to read: leave it.
    }
  }
  return removed;
}

function readOwner(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dir, OWNER_FILE), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}
