/**
 * Scratch folders for the servers the tests start, under the OS temp dir.
 * Each holds an `owner` file with the pid of the process that made it, so a
 * later run can remove the folders of runs that were killed (kill -9 leaves no
 * chance to clean up) without touching those of a run still going.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes `<prefix>*` folders in the temp dir whose owner process is gone. */
export function removeStaleScratchDirs(prefix: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(prefix)) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number.parseInt(readFileSync(join(dir, "owner"), "utf8"), 10);
    } catch {
      continue; // not ours, or still being made
    }
    if (Number.isInteger(owner) && alive(owner)) continue;
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

/** A new folder `<tmp>/<prefix>XXXXXX`, owned by this process, readable by other users (PostgreSQL runs as one). */
export function makeScratchDir(prefix: string): string {
  removeStaleScratchDirs(prefix);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, "owner"), String(process.pid));
  return dir;
}
