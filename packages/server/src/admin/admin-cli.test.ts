/**
 * `holomush-host run --admin` as operators start it (the built CLI, a real
 * child process): the token generated and printed once outside the log, or
 * read from --admin-token-file / HOLOMUSH_ADMIN_TOKEN; loopback unless told
 * otherwise, and the log says which.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PACKAGE_DIR, type RunningHost, startHostProcess, writeTokenFile } from "./admin-host.test-support.js";

let host: RunningHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

const plugins = (base: string, token?: string) =>
  fetch(`${base}api/plugins`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

describe("holomush-host run --admin", () => {
  it("generates a token, prints it once on stderr and never in the JSON log; loopback by default", async () => {
    host = await startHostProcess();
    const printed = /^holomush admin token: ([\w-]{43})$/m.exec(host.stderr)?.[1];
    expect(printed).toBeDefined();
    expect(host.stdout).not.toContain(printed);
    expect(new URL(host.adminUrl).hostname).toBe("127.0.0.1");
    expect(await host.waitForLine(/admin console on/)).toContain("(loopback only)");
    expect((await plugins(host.adminUrl)).status).toBe(401);
    expect((await plugins(host.adminUrl, "x".repeat(43))).status).toBe(401);
    expect((await plugins(host.adminUrl, printed)).status).toBe(200);
    // Refused attempts leave no token in the log either.
    expect(host.stdout).not.toContain(printed);
  }, 120_000);

  it("takes the address from HOLOMUSH_ADMIN and the token from HOLOMUSH_ADMIN_TOKEN, and prints none", async () => {
    const token = "env-token-2b6f0e9d4c1a";
    host = await startHostProcess({ admin: null, env: { HOLOMUSH_ADMIN: "127.0.0.1:0", HOLOMUSH_ADMIN_TOKEN: token } });
    expect(host.stderr).not.toContain("admin token:");
    expect((await plugins(host.adminUrl, token)).status).toBe(200);
    expect(`${host.stdout}${host.stderr}`).not.toContain(token);
  }, 120_000);

  it("takes the token from --admin-token-file and warns when bound beyond loopback", async () => {
    const token = "file-token-9e8d7c6b5a41";
    const file = writeTokenFile(token);
    try {
      host = await startHostProcess({ admin: "0.0.0.0:0", args: ["--admin-token-file", file.file] });
      const line = JSON.parse(await host.waitForLine(/admin console on/)) as { level: number; msg: string };
      expect(line.level).toBe(40);
      expect(line.msg).toMatch(/bound to 0\.0\.0\.0, reachable from other machines/);
      expect((await plugins(host.adminUrl.replace("0.0.0.0", "127.0.0.1"), token)).status).toBe(200);
      expect(`${host.stdout}${host.stderr}`).not.toContain(token);
    } finally {
      file.remove();
    }
  }, 120_000);

  it("refuses a token file that is missing or too short, naming it", () => {
    const short = writeTokenFile("short");
    try {
      for (const [file, message] of [
        [short.file, `the admin token from ${short.file} is shorter than 16 characters`],
        ["/nonexistent/token", "cannot read the admin token file /nonexistent/token"],
      ] as const) {
        const run = spawnSync(
          process.execPath,
          [
            join(PACKAGE_DIR, "dist", "cli.js"),
            "run",
            "--plugins",
            short.file.replace(/\/token$/, ""),
            "--admin",
            "127.0.0.1:0",
            "--admin-token-file",
            file,
          ],
          { encoding: "utf8", timeout: 60_000 },
        );
        expect(run.status).toBe(2);
        expect(run.stderr).toContain(message);
      }
    } finally {
      short.remove();
    }
  }, 120_000);
});
