#!/usr/bin/env node
/**
 * Pack-and-install test: what a plugin author and a host embedder do first.
 *
 * Packs every published package with pnpm (workspace: ranges rewritten, as at
 * publish), creates a scratch project in the OS temp dir — outside the
 * workspace, its own package.json, a plain `npm install` of the tarballs, no
 * workspace links — and there:
 *   1. writes two process plugins on @holomush/plugin-sdk's `serve` (one ESM,
 *      one CommonJS),
 *   2. tests them with @holomush/testkit under vitest,
 *   3. runs them under @holomush/host from an ESM (`import`) consumer and a
 *      CommonJS (`require`) consumer, which also load every entry point of
 *      every package,
 *   4. validates and runs them with the `holomush-host` CLI and talks to its
 *      console over TCP (127.0.0.1 only),
 *   5. executes docs/installation.md as written (scripts/lib/installation-doc.mjs),
 *   6. typechecks a TypeScript consumer with moduleResolution node16 (ESM
 *      and CJS files) and bundler.
 * Prints each step and a closing `N passed, N failed`; removes everything
 * it created. Needs a build first (`pnpm build`).
 *
 * npm fetches third-party dependencies from the registry into a shared cache
 * (node_modules/.cache/pack-test-npm, or $PACK_TEST_NPM_CACHE) so later runs
 * are faster. `--keep` leaves the scratch project for debugging.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runInstallationDoc } from "./lib/installation-doc.mjs";
import { pack, publishedPackages, readFromTarball, root } from "./lib/packages.mjs";

const keep = process.argv.includes("--keep");
const scratch = mkdtempSync(join(tmpdir(), "holomush-pack-test-"));
const app = join(scratch, "app");
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a CI script, not a turbo task
const npmCache = process.env.PACK_TEST_NPM_CACHE ?? join(root, "node_modules", ".cache", "pack-test-npm");
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const devVersion = (name) => rootManifest.devDependencies[name];

// Run the scratch project's tools without pnpm's or the workspace's npm settings leaking in.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_|PNPM_|INIT_CWD$|NODE_PATH$)/i.test(key)),
);
env.npm_config_cache = npmCache;
env.npm_config_update_notifier = "false";
env.CI = "true";
env.NO_COLOR = "1";
env.FORCE_COLOR = "0";
// Whatever the host, plugins and tests put in the temp dir (sockets, run dirs) lands inside the scratch dir.
env.TMPDIR = join(scratch, "tmp");
mkdirSync(env.TMPDIR);

let passed = 0;
let failed = 0;
const children = new Set();

function write(path, text, mode) {
  const file = join(app, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  if (mode) chmodSync(file, mode);
}

/** Runs one step; a step throws to fail. Later steps still run unless `required`. */
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

/** Runs a command in the scratch project; throws with its output when it fails. */
function run(command, args, { cwd = app, timeout = 180_000 } = {}) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.status ?? result.signal}\n${result.stdout}${result.stderr}`,
    );
  }
  return `${result.stdout}${result.stderr}`;
}

function lastLine(output, pattern) {
  const line = output.split("\n").find((text) => pattern.test(text));
  if (!line) throw new Error(`expected a line matching ${pattern}\n${output}`);
  return line;
}

/** Each package's entry points from its packed package.json, e.g. "@holomush/plugin-sdk/storage". */
const entryPoints = [];
const tarballs = {};

// --- the scratch project's files -------------------------------------------------------------

const pluginYaml = (name, command) => `name: ${name}
version: 1.0.0
type: binary
description: pack-test plugin (${name})
emits: [location]
events:
  - stream: "location:*"
    types: [say]
commands:
  - name: ${command}
    help: Say hello back
binary-plugin:
  executable: bin/${name}
`;

const esmPlugin = `#!/usr/bin/env node
// A process plugin as docs/installation.md writes it: ESM, published entry points only.
import { ok, serve } from "@holomush/plugin-sdk";
import { ActorKind } from "@holomush/proto";

await serve({
  commands: ["hello"],
  handler: {
    handleCommand(request) {
      return ok(\`Hello, \${request.characterName}! (esm)\`);
    },
    handleEvent(event) {
      if (event.type !== "say" || event.actorKind !== ActorKind.CHARACTER) return undefined;
      const { message } = JSON.parse(event.payload);
      return [{ stream: event.stream, type: "echo", payload: JSON.stringify({ message: \`Echo: \${message}\` }) }];
    },
  },
});
`;

const cjsPlugin = `#!/usr/bin/env node
// The same through require(): CommonJS consumers of @holomush/plugin-sdk.
const { ok, serve } = require("@holomush/plugin-sdk");

serve({
  commands: ["hi"],
  handler: {
    handleCommand(request) {
      return ok(\`Hi, \${request.characterName}! (cjs)\`);
    },
  },
});
`;

const vitestTest = `import { join } from "node:path";
import { createProcessRuntime } from "@holomush/host";
import { useTestHost } from "@holomush/testkit/vitest";
import { expect, it } from "vitest";

const plugins = join(import.meta.dirname, "..", "plugins");
const testHost = useTestHost({ runtimes: [(host) => createProcessRuntime(host)] });

it("answers commands from both process plugins", async () => {
  const t = await testHost();
  await t.loadPluginDirs([join(plugins, "hello-esm"), join(plugins, "hello-cjs")]);
  const alice = await t.character("Alice");
  expect((await alice.run("hello")).output).toBe("Hello, Alice! (esm)");
  expect((await alice.run("hi")).output).toBe("Hi, Alice! (cjs)");
}, 30_000);

it("echoes what characters say", async () => {
  const t = await testHost();
  await t.loadPluginDir(join(plugins, "hello-esm"));
  const bob = await t.character("Bob");
  await t.deliver({ stream: "location:square", type: "say", payload: { message: "hi" }, actor: bob });
  await t.expectEvent({ type: "echo", actor: { kind: "plugin", id: "hello-esm" }, payload: { message: "Echo: hi" } });
}, 30_000);
`;

/** The embedder's flow, shared by the ESM and CJS consumers (`load` is import or require). */
const consumerBody = (kind) => `
  for (const entry of ${JSON.stringify(entryPoints)}) {
    const mod = await load(entry);
    const names = Object.keys(mod).filter((name) => name !== "default");
    if (names.length === 0) throw new Error(\`${kind}: \${entry} has no named exports\`);
    console.log(\`${kind}: \${entry}: \${names.length} exports\`);
  }
  const { createHost, createProcessRuntime } = await load("@holomush/host");
  const { serve, ok } = await load("@holomush/plugin-sdk");
  const { createTestHost } = await load("@holomush/testkit");
  const { onEvent } = await load("@holomush/wasm-pdk");
  const { EventSchema } = await load("@holomush/proto");
  for (const [name, value] of Object.entries({ createHost, createProcessRuntime, serve, ok, createTestHost, onEvent })) {
    if (typeof value !== "function") throw new Error(\`${kind}: \${name} is not a function\`);
  }
  if (!EventSchema || EventSchema.typeName !== "holomush.plugin.v1.Event") throw new Error("${kind}: EventSchema missing");

  const host = await createHost({ pluginDirs: [pluginsDir], runtimes: [(deps) => createProcessRuntime(deps)], logLevel: "warn" });
  try {
    const report = await host.start();
    if (report.errors.length > 0) throw new Error(report.errors.map((e) => e.message).join("\\n"));
    const loaded = [...report.loaded].sort().join(",");
    if (loaded !== "hello-cjs,hello-esm") throw new Error(\`${kind}: loaded \${loaded}\`);
    const session = await host.connect("Carol");
    const hello = await host.execute(session.id, "hello");
    const hi = await host.execute(session.id, "hi");
    if (hello.output !== "Hello, Carol! (esm)") throw new Error(\`${kind}: hello → \${hello.output}\`);
    if (hi.output !== "Hi, Carol! (cjs)") throw new Error(\`${kind}: hi → \${hi.output}\`);
    console.log(\`${kind}: host ran \${loaded}: \${hello.output} / \${hi.output}\`);
  } finally {
    await host.stop();
  }
`;

const esmConsumer = `// An embedder's ESM program: import every entry point, run both plugins under the host.
import { fileURLToPath } from "node:url";
const pluginsDir = fileURLToPath(new URL("../plugins", import.meta.url));
const load = (entry) => import(entry);
${consumerBody("esm")}`;

const cjsConsumer = `// An embedder's CommonJS program: require() every entry point, run both plugins under the host.
const { join } = require("node:path");
const pluginsDir = join(__dirname, "..", "plugins");
const load = async (entry) => require(entry);
(async () => {
${consumerBody("cjs")}
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/** TypeScript consumers: every entry point, plus the plugin and embedder code typed. */
const tsEntryImports = () =>
  entryPoints.map((entry, i) => `import * as entry${i} from "${entry}";`).join("\n") +
  `\nexport const entries = [${entryPoints.map((_, i) => `entry${i}`).join(", ")}];\n`;

const tsPlugin = `import { createHost, createProcessRuntime, type Host, type LoadReport } from "@holomush/host";
import { ok, type PluginHandler, serve } from "@holomush/plugin-sdk";
import { ActorKind, type Event } from "@holomush/proto";
import { createTestHost, type TestHost } from "@holomush/testkit";
import { onEvent } from "@holomush/wasm-pdk";

export const handler: PluginHandler = {
  handleCommand(request) {
    return ok(\`Hello, \${request.characterName}!\`);
  },
  handleEvent(event: Event) {
    if (event.actorKind !== ActorKind.CHARACTER) return undefined;
    return [{ stream: event.stream, type: "echo", payload: event.payload }];
  },
};
export const start = (): Promise<unknown> => serve({ handler, commands: ["hello"] });
export async function embed(): Promise<LoadReport> {
  const host: Host = await createHost({ pluginDirs: ["./plugins"], runtimes: [(deps) => createProcessRuntime(deps)] });
  return host.start();
}
export const makeTestHost = (): Promise<TestHost> => createTestHost();
export const handle_event = onEvent<{ message: string }>((event) => {
  if (event.type !== "say") return;
  return { events: [{ stream: event.stream, type: "say", payload: { message: event.payload.message } }] };
});
`;

const tsCjsConsumer = `// Compiled as CommonJS under node16 (a .cts file): resolves the "require" conditions.
import sdk = require("@holomush/plugin-sdk");
import host = require("@holomush/host");
import testkit = require("@holomush/testkit");
export const answer: ReturnType<typeof sdk.ok> = sdk.ok("hi");
export const create: typeof host.createHost = host.createHost;
export const test: typeof testkit.createTestHost = testkit.createTestHost;
`;

const tsconfig = (moduleResolution, module, include) =>
  `${JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2023"],
        module,
        moduleResolution,
        strict: true,
        noEmit: true,
        // Our own .d.ts files are checked; third-party ones are not ours to fix.
        skipLibCheck: true,
        types: ["node"],
      },
      include,
    },
    null,
    2,
  )}\n`;

// --- the steps -----------------------------------------------------------------------------

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

const ADMIN_TOKEN = "pack-test-admin-token-0123";

/** The operator console ships in the tarball: its page, its script and its API answer from the installed package. */
async function checkAdminConsole(log) {
  const url = /admin console on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log)?.[1];
  if (url === undefined) throw new Error(`no admin console line in the log\n${log}`);
  const page = await fetch(url);
  if (page.status !== 200 || !(await page.text()).includes('<div id="app">'))
    throw new Error(`admin page: ${page.status}`);
  const script = await fetch(`${url}app.js`);
  if (script.status !== 200) throw new Error(`admin app.js: ${script.status}`);
  if ((await fetch(`${url}api/plugins`)).status !== 401) throw new Error("admin API answered without a token");
  const api = await fetch(`${url}api/plugins`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const names = (await api.json()).plugins.map((plugin) => plugin.name).sort();
  if (names.join() !== "hello-cjs,hello-esm") throw new Error(`admin API plugins: ${names}`);
}

/** Starts `holomush-host run`, plays one console session, stops it with SIGINT. */
async function runCli() {
  const port = await freePort();
  const child = spawn(
    join(app, "node_modules", ".bin", "holomush-host"),
    [
      "run",
      "--plugins",
      "plugins",
      "--console",
      `127.0.0.1:${port}`,
      "--data",
      join(scratch, "data"),
      "--admin",
      "127.0.0.1:0",
    ],
    { cwd: app, env: { ...env, HOLOMUSH_ADMIN_TOKEN: ADMIN_TOKEN }, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.add(child);
  let log = "";
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  child.stdout.on("data", (chunk) => {
    log += chunk;
  });
  child.stderr.on("data", (chunk) => {
    log += chunk;
  });
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`host not ready after 60 s\n${log}`)), 60_000);
      const poll = setInterval(() => {
        if (log.includes("HoloMUSH host ready")) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve();
        }
      }, 100);
      exited.then((code) => {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`host exited (${code}) before it was ready\n${log}`));
      });
    });
    const transcript = await new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      let text = "";
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer from the console\n${text}`));
      }, 20_000);
      socket.setEncoding("utf8");
      socket.on("error", reject);
      socket.on("data", (chunk) => {
        text += chunk;
        if (text.includes("Hi, Dave! (cjs)")) {
          clearTimeout(timer);
          socket.end();
          resolve(text);
        }
      });
      socket.write("Dave\nhello\nhi\n");
    });
    if (!transcript.includes("Hello, Dave! (esm)")) throw new Error(`console transcript:\n${transcript}`);
    await checkAdminConsole(log);
    child.kill("SIGINT");
    const code = await exited;
    if (code !== 0) throw new Error(`host exited with ${code} after SIGINT\n${log}`);
    return "console answered hello and hi; the admin console served its page and API; SIGINT stopped it cleanly";
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    children.delete(child);
  }
}

try {
  await step(
    "pack the published packages",
    () => {
      const dir = join(scratch, "tarballs");
      mkdirSync(dir);
      for (const pkg of publishedPackages()) {
        const packed = pack(pkg.dir, dir);
        tarballs[packed.name] = packed.tarball;
        const manifest = JSON.parse(readFromTarball(packed.tarball, "package.json"));
        for (const key of Object.keys(manifest.exports ?? { ".": {} })) {
          if (key === "./package.json" || /\.(json|d\.ts)$/.test(key)) continue;
          entryPoints.push(key === "." ? packed.name : `${packed.name}/${key.slice(2)}`);
        }
      }
      return `${Object.keys(tarballs).length} tarballs, entry points: ${entryPoints.join(", ")}`;
    },
    { required: true },
  );

  await step(
    "npm install the tarballs into a scratch project outside the workspace",
    () => {
      write(
        "package.json",
        `${JSON.stringify(
          {
            name: "holomush-pack-test-app",
            private: true,
            type: "module",
            dependencies: Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`])),
            devDependencies: {
              "@types/node": devVersion("@types/node"),
              typescript: devVersion("typescript"),
              vitest: devVersion("vitest"),
            },
          },
          null,
          2,
        )}\n`,
      );
      run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { timeout: 300_000 });
      const installed = JSON.parse(readFileSync(join(app, "node_modules/@holomush/testkit/package.json"), "utf8"));
      const links = run("npm", ["ls", "--all", "--parseable", "--long", "@holomush/host", "@holomush/proto"]);
      // Every @holomush package must come from the scratch project's node_modules, none from the workspace.
      if (links.includes(root) || links.includes("workspace:")) throw new Error(`linked into the workspace:\n${links}`);
      return `@holomush/testkit ${installed.version} depends on ${JSON.stringify(installed.dependencies)}`;
    },
    { required: true },
  );

  write("plugins/hello-esm/plugin.yaml", pluginYaml("hello-esm", "hello"));
  write("plugins/hello-esm/bin/hello-esm", esmPlugin, 0o755);
  write("plugins/hello-cjs/plugin.yaml", pluginYaml("hello-cjs", "hi"));
  write("plugins/hello-cjs/package.json", '{ "type": "commonjs" }\n');
  write("plugins/hello-cjs/bin/hello-cjs", cjsPlugin, 0o755);
  write("test/hello.test.ts", vitestTest);
  write("consumers/esm.mjs", esmConsumer);
  write("consumers/cjs.cjs", cjsConsumer);
  write("ts/entries.ts", tsEntryImports());
  write("ts/plugin.ts", tsPlugin);
  write("ts/cjs-consumer.cts", tsCjsConsumer);
  write("tsconfig.node16.json", tsconfig("node16", "node16", ["ts", "test"]));
  write("tsconfig.bundler.json", tsconfig("bundler", "esnext", ["ts/*.ts", "test"]));

  await step("holomush-host validate the plugins (CLI bin)", () =>
    run(join(app, "node_modules", ".bin", "holomush-host"), ["validate", "plugins/hello-esm", "plugins/hello-cjs"])
      .trim()
      .split("\n")
      .pop(),
  );
  await step("vitest + @holomush/testkit test the plugins", () => {
    const out = run(join(app, "node_modules", ".bin", "vitest"), ["run", "--reporter=dot"]);
    return /Tests\s+(.*)/.exec(out)?.[1]?.trim();
  });
  await step("ESM consumer: import every entry point, run the plugins under createHost", () =>
    lastLine(run(process.execPath, ["consumers/esm.mjs"]), /^esm: host ran/),
  );
  await step("CJS consumer: require every entry point, run the plugins under createHost", () =>
    lastLine(run(process.execPath, ["consumers/cjs.cjs"]), /^cjs: host ran/),
  );
  await step("holomush-host run: play through the TCP console", runCli);
  await step(
    "docs/installation.md, executed as written (its files, tsc, vitest, validate, run + transcript)",
    async () => {
      // Its own project beside the app, sharing the app's npm-installed node_modules.
      const docs = join(scratch, "docs-app");
      mkdirSync(docs);
      writeFileSync(join(docs, "package.json"), '{ "name": "my-world", "private": true, "type": "module" }\n');
      symlinkSync(join(app, "node_modules"), join(docs, "node_modules"));
      return (await runInstallationDoc({ dir: docs, env, dataDir: join(scratch, "docs-data") })).join("; ");
    },
  );
  await step("TypeScript consumer typechecks with moduleResolution node16 (ESM + .cts)", () => {
    run(join(app, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.node16.json"]);
  });
  await step("TypeScript consumer typechecks with moduleResolution bundler", () => {
    run(join(app, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.bundler.json"]);
  });
} catch (error) {
  console.log(String(error.message ?? error));
} finally {
  for (const child of children) child.kill("SIGKILL");
  if (keep) console.log(`kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
console.log(`pack-test: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
