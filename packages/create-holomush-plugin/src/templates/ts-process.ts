/**
 * A process plugin in TypeScript on @holomush/plugin-sdk: the host spawns
 * bin/<name> (a launcher of the built dist/plugin.js), which dials the host's
 * socket. Answers one command and echoes what characters say.
 */
import type { PluginKind } from "../plugin-kind.js";
import { json } from "../template-context.js";

export const tsProcessKind: PluginKind = {
  id: "ts",
  label: "TypeScript process plugin",
  hint: "a separate Node process on @holomush/plugin-sdk: any npm package, KV, services, focus",
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
          build: "tsup src/plugin.ts --format esm --target node20 --out-dir dist --clean",
          typecheck: "tsc --noEmit",
          test: "vitest run",
          validate: "holomush-host validate .",
        },
        dependencies: {
          "@holomush/plugin-sdk": holomush("@holomush/plugin-sdk"),
          "@holomush/proto": holomush("@holomush/proto"),
        },
        devDependencies: {
          "@holomush/host": holomush("@holomush/host"),
          "@holomush/server": holomush("@holomush/server"),
          "@holomush/testkit": holomush("@holomush/testkit"),
          "@types/node": tool("@types/node"),
          tsup: tool("tsup"),
          typescript: tool("typescript"),
          vitest: tool("vitest"),
        },
      }),
    },
    "plugin.yaml": {
      text: `# yaml-language-server: $schema=./node_modules/@holomush/host/schema/plugin.schema.json
# The host spawns bin/${name}, which runs the built dist/plugin.js.
name: ${name}
version: 0.1.0
type: binary
description: The ${name} plugin
emits: [location]
events:
  - stream: "location:*"
    types: [say]
commands:
  - name: ${command}
    help: Say hello
    usage: "${command} [name]"
binary-plugin:
  executable: bin/${name}
`,
    },
    [`bin/${name}`]: {
      text: `#!/usr/bin/env node
// Launcher named in plugin.yaml (binary-plugin.executable): runs the built plugin.
import "../dist/plugin.js";
`,
      mode: 0o755,
    },
    "src/plugin.ts": {
      text: `import { errorf, ok, serve } from "@holomush/plugin-sdk";
import { ActorKind } from "@holomush/proto";

await serve({
  commands: ["${command}"],
  handler: {
    // \`${command} [name]\`: the answer goes to the character who typed it.
    handleCommand(request) {
      const who = request.args.trim() || request.characterName;
      if (who.length > 40) return errorf("usage: ${command} [name]");
      return ok(\`Hello, \${who}!\`);
    },
    // Events the manifest subscribes to. Return events to publish them as the plugin.
    handleEvent(event) {
      // Only characters: answering plugins (or ourselves) could loop.
      if (event.type !== "say" || event.actorKind !== ActorKind.CHARACTER) return undefined;
      const { message } = JSON.parse(event.payload) as { message?: string };
      if (!message) return undefined;
      return [{ stream: event.stream, type: "say", payload: JSON.stringify({ message: \`${name} heard: \${message}\` }) }];
    },
  },
});
`,
    },
    "test/plugin.test.ts": {
      text: `import { join } from "node:path";
import { createProcessRuntime } from "@holomush/host";
import { useTestHost } from "@holomush/testkit/vitest";
import { expect, it } from "vitest";

const pluginDir = join(import.meta.dirname, "..");
// A real host; the plugin runs as the child process the host spawns. Run \`npm run build\` first.
const testHost = useTestHost({ runtimes: [(host) => createProcessRuntime(host)] });

it("answers its command", async () => {
  const t = await testHost();
  await t.loadPluginDir(pluginDir);
  const alice = await t.character("Alice");
  expect((await alice.run("${command}")).output).toBe("Hello, Alice!");
  expect((await alice.run("${command} Bob")).output).toBe("Hello, Bob!");
}, 30_000);

it("answers what characters say", async () => {
  const t = await testHost();
  await t.loadPluginDir(pluginDir);
  const bob = await t.character("Bob");
  await t.deliver({ stream: "location:square", type: "say", payload: { message: "hi" }, actor: bob.actor });
  await t.expectEvent({ type: "say", actor: { kind: "plugin", id: "${name}" }, payload: { message: "${name} heard: hi" } });
}, 30_000);
`,
    },
    "tsconfig.json": {
      text: json({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          types: ["node"],
        },
        include: ["src", "test"],
      }),
    },
    ".gitignore": { text: "node_modules/\ndist/\n" },
    "README.md": {
      text: `# ${name}

A [HoloMUSH](https://github.com/holomush/holomush-plugins) process plugin in TypeScript, on
\`@holomush/plugin-sdk\`. It answers \`${command} [name]\` and replies to what characters say.

\`\`\`sh
npm install
npm run build     # src/plugin.ts → dist/plugin.js (bin/${name} runs it)
npm test          # loads the plugin into a real host with @holomush/testkit
npm run validate  # checks plugin.yaml and the executable as the host will
\`\`\`

Run it in a host: \`npx holomush-host run --plugins ..\` (the folder that holds this plugin's
folder), connect with \`nc 127.0.0.1 4201\`, type a name, then \`${command}\` or \`say hi\`.

- \`plugin.yaml\` declares what the plugin may do: the events it receives, the streams it may emit
  to, its commands. Your editor checks it against the schema named on its first line.
- The plugin SDK's README lists what \`serve\` offers (KV, EventSink, FocusClient, services).
`,
    },
  }),
};
