/**
 * Executes docs/installation.md in a project directory whose node_modules
 * already holds the @holomush packages, typescript, @types/node and vitest
 * (pack-test: the packed tarballs, npm-installed; installation-doc.test.mjs:
 * links to this workspace's builds). Writes every marked file, then does what
 * the page tells a reader to do and checks the result:
 *   tsc -p plugins/hello-ts · holomush-host validate plugins · vitest run ·
 *   node --check host.mjs · holomush-host run + the page's console transcript.
 * Returns one note per step; throws on the first step that fails.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { docBlocks } from "./doc-blocks.mjs";
import { root } from "./packages.mjs";
import { playTranscript } from "./play-transcript.mjs";

export const INSTALLATION_DOC = join(root, "docs", "installation.md");

export async function runInstallationDoc({
  dir,
  env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  dataDir = join(dir, ".holomush", "data"),
}) {
  const bin = (name) => join(dir, "node_modules", ".bin", name);
  const run = (command, args, timeout = 180_000) => {
    const result = spawnSync(command, args, { cwd: dir, env, encoding: "utf8", timeout });
    if (result.status !== 0) {
      throw new Error(
        `${command} ${args.join(" ")} exited ${result.status ?? result.signal}\n${result.stdout}${result.stderr}`,
      );
    }
    return `${result.stdout}${result.stderr}`;
  };
  const blocks = docBlocks(readFileSync(INSTALLATION_DOC, "utf8"));
  for (const block of blocks.filter((entry) => entry.kind === "file")) {
    const file = join(dir, block.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, block.text);
    if (block.mode) chmodSync(file, block.mode);
  }
  const transcript = blocks.find((entry) => entry.kind === "transcript");
  if (!transcript) throw new Error("docs/installation.md has no <!-- transcript --> block");

  const notes = [];
  run(bin("tsc"), ["-p", "plugins/hello-ts"]);
  notes.push("tsc compiled plugins/hello-ts");
  notes.push(run(bin("holomush-host"), ["validate", "plugins"]).trim());
  const tested = run(bin("vitest"), ["run", "--reporter=dot"], 300_000);
  notes.push(`vitest: ${/Tests\s+(.*)/.exec(tested)?.[1]?.trim() ?? "ran"}`);
  run(process.execPath, ["--check", "host.mjs"]);
  notes.push("host.mjs parses");
  notes.push(await runTranscript({ dir, env, bin, dataDir, steps: transcript.steps }));
  return notes;
}

async function runTranscript({ dir, env, bin, dataDir, steps }) {
  const port = await freePort();
  const child = spawn(
    bin("holomush-host"),
    ["run", "--plugins", "plugins", "--console", `127.0.0.1:${port}`, "--data", dataDir],
    {
      cwd: dir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`host not ready after 120 s\n${log}`)), 120_000);
      const poll = setInterval(() => {
        if (!log.includes("HoloMUSH host ready")) return;
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }, 100);
      exited.then((code) => {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`host exited (${code}) before it was ready\n${log}`));
      });
    });
    if (!/"failed":\[\]/.test(log)) throw new Error(`a documented plugin failed to load\n${log}`);
    await playTranscript(port, steps);
    child.kill("SIGINT");
    const code = await exited;
    if (code !== 0) throw new Error(`host exited with ${code} after SIGINT\n${log}`);
    return `console transcript played (${steps.length} lines); SIGINT stopped the host`;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
