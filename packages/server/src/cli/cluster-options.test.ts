/** `holomush-host run --cluster`: option checks that stop the CLI before anything starts (docs/scale-out.md). */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const cli = join(import.meta.dirname, "..", "..", "dist", "cli.js");

describe("holomush-host run --cluster options", () => {
  it("holomush-host run --cluster without --database stops with CLUSTER_CONFIG_INVALID's message", async () => {
    const result = await promisify(execFile)(process.execPath, [cli, "run", "--cluster", "nats://127.0.0.1:4222"], {
      env: { ...process.env, HOLOMUSH_DATABASE: undefined },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("--cluster needs --database");
  });

  it("holomush-host run --lease-ttl refuses a value that is not a whole number of ms ≥ 500", async () => {
    const args = ["run", "--cluster", "nats://127.0.0.1:4222", "--database", "postgres://u@127.0.0.1:1/x"];
    for (const ttl of ["10", "abc"]) {
      const result = await promisify(execFile)(process.execPath, [cli, ...args, "--lease-ttl", ttl]).then(
        () => ({ code: 0, stderr: "" }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain("--lease-ttl must be a whole number of ms");
    }
  });
});
