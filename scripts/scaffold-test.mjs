#!/usr/bin/env node
/**
 * Scaffold test: what `npm create holomush-plugin` gives a new author, end to
 * end. Packs every published package, then in a scratch project outside the
 * workspace, for each kind the scaffolder offers:
 *   1. runs the packed create-holomush-plugin (`npm exec`, as `npm create`
 *      does) non-interactively, depending on the packed tarballs,
 *   2. npm kinds: `npm install`, `npm run build` (for kinds that build),
 *      `npm test` (the generated test loads the plugin into a real host) and
 *      `npm run validate`; the Go kind: `go mod tidy`, gofmt, `go vet`,
 *      `go test`, `go build`; the Python kind: a venv, `pip install -e .[test]`,
 *      `pytest` (both against this checkout's SDKs: `--sdks-from`), then
 *      `holomush-host validate`,
 * and finally runs `holomush-host run` on all of them at once and plays each
 * plugin's command over the TCP console (127.0.0.1 only).
 * Prints each step and a closing `N passed, N failed`; removes what it made.
 * Needs a build first (`pnpm build`). `--keep` leaves the scratch folder;
 * `--kind go,python` runs only those kinds. A kind whose toolchain (go,
 * python3) is missing is skipped with one line, except in CI (CI=true or
 * HOLOMUSH_REQUIRE_TOOLCHAINS=1), where it fails.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pack, publishedPackages, root } from "./lib/packages.mjs";

const keep = process.argv.includes("--keep");
const kindFlag = process.argv.indexOf("--kind");
const onlyKinds = kindFlag === -1 ? undefined : (process.argv[kindFlag + 1] ?? "").split(",").filter(Boolean);
const toolchainsRequired = process.env.CI === "true" || process.env.HOLOMUSH_REQUIRE_TOOLCHAINS === "1";
const scratch = mkdtempSync(join(tmpdir(), "holomush-scaffold-test-"));
const plugins = join(scratch, "plugins");
const tarballDir = join(scratch, "tarballs");
mkdirSync(plugins);
mkdirSync(tarballDir);
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a CI script, not a turbo task
const npmCache = process.env.PACK_TEST_NPM_CACHE ?? join(root, "node_modules", ".cache", "pack-test-npm");
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_|PNPM_|INIT_CWD$|NODE_PATH$)/i.test(key)),
);
Object.assign(env, { npm_config_cache: npmCache, npm_config_update_notifier: "false", CI: "true", NO_COLOR: "1" });
env.TMPDIR = join(scratch, "tmp");
mkdirSync(env.TMPDIR);

/**
 * Every kind the scaffolder offers, with the name to scaffold it under; npm
 * kinds are npm projects, the others need their language's toolchain.
 */
const ALL_KINDS = [
  { kind: "ts", name: "hello-ts", npm: true },
  { kind: "assemblyscript", name: "hello-as", npm: true },
  { kind: "lua", name: "hello-lua", npm: true },
  { kind: "go", name: "hello-go", tool: ["go", "version"], install: "install Go 1.26+ from https://go.dev/dl" },
  {
    kind: "python",
    name: "hello-py",
    tool: ["python3", "-c", "import ensurepip, venv"],
    install: "install Python 3.10+ with its venv module",
  },
];
const unknownKinds = (onlyKinds ?? []).filter((kind) => !ALL_KINDS.some((known) => known.kind === kind));
if (unknownKinds.length > 0) {
  console.error(`scaffold-test: unknown --kind ${unknownKinds.join(",")} (${ALL_KINDS.map((k) => k.kind).join(", ")})`);
  process.exit(2);
}
const KINDS = ALL_KINDS.filter(({ kind, tool, install }) => {
  if (onlyKinds !== undefined && !onlyKinds.includes(kind)) return false;
  if (tool === undefined || spawnSync(tool[0], tool.slice(1), { stdio: "ignore" }).status === 0) return true;
  if (toolchainsRequired) {
    console.error(`scaffold-test: ${kind}: ${tool[0]} not found (${install}); CI requires every toolchain`);
    process.exit(1);
  }
  console.log(`skip ${kind}: ${tool[0]} not found (${install})`);
  return false;
});

let passed = 0;
let failed = 0;
async function step(label, fn, { required = false } = {}) {
  const started = Date.now();
  console.log(`--- ${label}`);
  try {
    const note = await fn();
    passed += 1;
    console.log(`ok   ${label} (${((Date.now() - started) / 1000).toFixed(1)}s)${note ? `: ${note}` : ""}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${label}\n${String(error?.message ?? error).replace(/^/gm, "     ")}`);
    if (required) throw new Error(`cannot go on after: ${label}`);
  }
}

function run(command, args, { cwd = scratch, timeout = 300_000 } = {}) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.status ?? result.signal}\n${result.stdout}${result.stderr}`,
    );
  }
  return `${result.stdout}${result.stderr}`;
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

/**
 * The packed host's CLI, installed by the first npm kind; with only Go and
 * Python kinds selected there is none, so this checkout's built host.
 */
function hostCli() {
  const npmKind = KINDS.find(({ npm }) => npm);
  return npmKind
    ? join(plugins, npmKind.name, "node_modules", "@holomush", "server", "dist", "cli.js")
    : join(root, "packages", "server", "dist", "cli.js");
}

/** The closing summary line of a test runner's output, or an error with the output. */
function summary(out, pattern) {
  const line = out.split("\n").find((text) => pattern.test(text));
  if (!line) throw new Error(`no passing test summary\n${out}`);
  return line.trim();
}

/** The Go kind: its SDK from this checkout (--sdks-from), then the steps its README gives. */
async function goSteps(dir) {
  await step("go: go mod tidy", () => void run("go", ["mod", "tidy"], { cwd: dir }));
  await step("go: gofmt and go vet", () => {
    const unformatted = run("gofmt", ["-l", "."], { cwd: dir }).trim();
    if (unformatted !== "") throw new Error(`gofmt would change: ${unformatted}`);
    run("go", ["vet", "./..."], { cwd: dir });
  });
  await step("go: go test (the generated test)", () => summary(run("go", ["test", "./..."], { cwd: dir }), /^ok\s/));
  await step("go: go build", () => void run("go", ["build", "-o", "build/", "."], { cwd: dir }));
}

/** The Python kind: a venv with the SDK from this checkout (--sdks-from), then pytest. */
async function pythonSteps(dir) {
  await step("python: venv + pip install -e .[test]", () => {
    run("python3", ["-m", "venv", ".venv"], { cwd: dir });
    run(join(dir, ".venv", "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", "-e", ".[test]"], {
      cwd: dir,
    });
  });
  await step("python: pytest (the generated test)", () =>
    summary(run(join(dir, ".venv", "bin", "pytest"), [], { cwd: dir }), /\d+ passed/),
  );
}

/** Runs the host CLI of one scaffolded plugin on every scaffolded plugin; plays each command. */
async function playAll() {
  const port = await freePort();
  const cli = hostCli();
  const child = spawn(
    process.execPath,
    [cli, "run", "--plugins", plugins, "--console", `127.0.0.1:${port}`, "--data", join(scratch, "data")],
    { cwd: scratch, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`host not ready after 60 s\n${log}`)), 60_000);
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
    const expected = KINDS.map(({ name }) => `Hello, ${name}-player!`);
    const transcript = await new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      let text = "";
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`the console did not answer every command\n${text}\n--- host log\n${log}`));
      }, 20_000);
      socket.setEncoding("utf8");
      socket.on("error", reject);
      socket.on("data", (chunk) => {
        text += chunk;
        if (expected.every((line) => text.includes(line))) {
          clearTimeout(timer);
          socket.end();
          resolve(text);
        }
      });
      socket.write(`Zed\n${KINDS.map(({ name }) => `${name} ${name}-player`).join("\n")}\n`);
    });
    child.kill("SIGINT");
    await exited;
    return `one host ran ${KINDS.map(({ name }) => name).join(" and ")}; the console answered ${expected.length} commands (${transcript.length} bytes)`;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

try {
  if (KINDS.length === 0) throw new Error("no kind to scaffold here (every selected kind was skipped)");
  let createTarball;
  await step(
    "pack the published packages",
    () => {
      const names = [];
      // Only Go and Python kinds: they need the scaffolder, not the packages it would depend on.
      const needed = KINDS.some(({ npm }) => npm)
        ? publishedPackages()
        : publishedPackages().filter((pkg) => pkg.name === "create-holomush-plugin");
      for (const pkg of needed) {
        const packed = pack(pkg.dir, tarballDir);
        if (packed.name === "create-holomush-plugin") createTarball = packed.tarball;
        names.push(packed.name);
      }
      if (!createTarball) throw new Error("create-holomush-plugin was not packed");
      return names.join(", ");
    },
    { required: true },
  );

  for (const { kind, name, npm } of KINDS) {
    const dir = join(plugins, name);
    await step(
      `${kind}: npm create holomush-plugin (packed) --kind ${kind}`,
      () =>
        run("npm", [
          "exec",
          "--yes",
          `--package=${createTarball}`,
          "--",
          "create-holomush-plugin",
          dir,
          "--name",
          name,
          "--kind",
          kind,
          "--yes",
          "--packages-from",
          tarballDir,
          "--sdks-from",
          root,
        ])
          .trim()
          .split("\n")[0],
    );
    if (!npm) {
      await (kind === "go" ? goSteps(dir) : pythonSteps(dir));
      await step(`${kind}: holomush-host validate`, () =>
        run(process.execPath, [hostCli(), "validate", dir]).trim().split("\n").pop(),
      );
      continue;
    }
    await step(`${kind}: npm install`, () => {
      run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir });
    });
    const scripts = () => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts ?? {};
    if (existsSync(join(dir, "package.json")) && scripts().build) {
      await step(`${kind}: npm run build`, () => void run("npm", ["run", "build"], { cwd: dir }));
    }
    await step(`${kind}: npm test (the generated test, on a real host)`, () => {
      const out = run("npm", ["test"], { cwd: dir });
      const line = out.split("\n").find((text) => /Tests\s+\d+ passed/.test(text));
      if (!line) throw new Error(`no passing test summary\n${out}`);
      return line.trim();
    });
    await step(`${kind}: npm run validate`, () =>
      run("npm", ["run", "validate"], { cwd: dir }).trim().split("\n").pop(),
    );
  }

  await step("holomush-host run loads every scaffolded plugin; each answers over the console", playAll);
} catch (error) {
  console.log(String(error.message ?? error));
} finally {
  if (keep) console.log(`kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
console.log(`scaffold-test: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
