/**
 * A WASM plugin in AssemblyScript on @holomush/wasm-pdk: asc builds
 * build/plugin.wasm, which the host runs in its sandbox (no filesystem or
 * network unless plugin.yaml grants them).
 */
import type { PluginKind } from "../plugin-kind.js";
import { json } from "../template-context.js";

export const assemblyScriptKind: PluginKind = {
  id: "assemblyscript",
  label: "AssemblyScript WASM plugin",
  hint: "a sandboxed WebAssembly module: fast, isolated, KV and emit through host functions",
  steps: ["npm install", "npm run build", "npm test"],
  files: ({ name, command, holomush, tool }) => ({
    "package.json": {
      text: json({
        name,
        version: "0.1.0",
        private: true,
        description: `The ${name} HoloMUSH plugin`,
        type: "module",
        scripts: {
          build: "asc assembly/index.ts --outFile build/plugin.wasm --optimize --use abort=assembly/index/abort",
          test: "vitest run",
          validate: "holomush-host validate .",
        },
        devDependencies: {
          "@holomush/host": holomush("@holomush/host"),
          "@holomush/server": holomush("@holomush/server"),
          "@holomush/testkit": holomush("@holomush/testkit"),
          "@holomush/wasm-pdk": holomush("@holomush/wasm-pdk"),
          "@types/node": tool("@types/node"),
          assemblyscript: tool("assemblyscript"),
          vitest: tool("vitest"),
        },
      }),
    },
    "plugin.yaml": {
      text: `# yaml-language-server: $schema=./node_modules/@holomush/host/schema/plugin.schema.json
name: ${name}
version: 0.1.0
type: wasm
description: The ${name} plugin
emits: [location]
events:
  - stream: "location:*"
    types: [say]
commands:
  - name: ${command}
    help: Say hello
    usage: "${command} [name]"
wasm-plugin:
  module: build/plugin.wasm
  max-memory-pages: 16
  timeout-ms: 1000
  # Host functions the module may import; anything else is refused at load.
  host-functions: [log]
`,
    },
    "assembly/index.ts": {
      text: `import {
  ACTOR_CHARACTER,
  CommandRequest,
  CommandResponse,
  Event,
  JsonKind,
  Outcome,
  onCommand,
  onEvent,
  pdkAbort,
  quote,
} from "@holomush/wasm-pdk/assembly";

// Events the manifest subscribes to. Return an Outcome to publish events as the plugin.
export function handle_event(): i32 {
  return onEvent(heard);
}

// \`${command} [name]\`: the answer goes to the character who typed it.
export function handle_command(): i32 {
  return onCommand(hello);
}

function heard(event: Event): Outcome | null {
  // Only characters: answering plugins (or ourselves) could loop.
  if (event.type != "say" || event.actorKind != ACTOR_CHARACTER) return null;
  const payload = event.payload;
  if (payload == null || payload.kind != JsonKind.Object) return null;
  const message = payload.getString("message");
  if (message.length == 0) return null;
  return new Outcome().emit(event.stream, "say", '{"message":' + quote("${name} heard: " + message) + "}");
}

function hello(request: CommandRequest): CommandResponse {
  const args = request.args.trim();
  const who = args.length > 0 ? args : request.characterName;
  if (who.length > 40) return CommandResponse.error("usage: ${command} [name]");
  return CommandResponse.ok("Hello, " + who + "!");
}

export function abort(message: string | null, file: string | null, line: u32, column: u32): void {
  pdkAbort(message, file, line, column);
}
`,
    },
    "assembly/tsconfig.json": {
      text: json({ extends: "assemblyscript/std/assembly.json", include: ["./**/*.ts"] }),
    },
    "test/plugin.test.ts": {
      text: `import { join } from "node:path";
import { createWasmRuntime } from "@holomush/host";
import { useTestHost } from "@holomush/testkit/vitest";
import { expect, it } from "vitest";

const pluginDir = join(import.meta.dirname, "..");
// A real host running the real build/plugin.wasm. Run \`npm run build\` first.
const testHost = useTestHost({ runtimes: [createWasmRuntime()] });

it("answers its command", async () => {
  const t = await testHost();
  await t.loadPluginDir(pluginDir);
  const alice = await t.character("Alice");
  expect((await alice.run("${command}")).output).toBe("Hello, Alice!");
  expect((await alice.run("${command} Bob")).output).toBe("Hello, Bob!");
});

it("answers what characters say", async () => {
  const t = await testHost();
  await t.loadPluginDir(pluginDir);
  const bob = await t.character("Bob");
  await t.deliver({ stream: "location:square", type: "say", payload: { message: "hi" }, actor: bob.actor });
  await t.expectEvent({ type: "say", actor: { kind: "plugin", id: "${name}" }, payload: { message: "${name} heard: hi" } });
});
`,
    },
    ".gitignore": { text: "node_modules/\nbuild/\n" },
    "README.md": {
      text: `# ${name}

A [HoloMUSH](https://github.com/holomush/holomush-plugins) WASM plugin in AssemblyScript, on
\`@holomush/wasm-pdk\`. It answers \`${command} [name]\` and replies to what characters say.

\`\`\`sh
npm install
npm run build     # assembly/index.ts → build/plugin.wasm
npm test          # loads build/plugin.wasm into a real host with @holomush/testkit
npm run validate  # checks plugin.yaml and the module's imports as the host will
\`\`\`

Run it in a host: \`npx holomush-host run --plugins ..\` (the folder that holds this plugin's
folder), connect with \`nc 127.0.0.1 4201\`, type a name, then \`${command}\` or \`say hi\`.

- \`plugin.yaml\` declares what the plugin may do, including the host functions it may import
  (\`wasm-plugin.host-functions\`: add \`kv_get\`, \`kv_set\`, \`emit\` … as you use them).
- The WASM ABI and the PDK's functions: the wasm-pdk README.
`,
    },
  }),
};
