/**
 * A Lua plugin (plugin.yaml + main.lua, HoloMUSH's form): no build step; the
 * host runs main.lua sandboxed, a fresh state per call. The test runs it in a
 * real host through @holomush/testkit.
 */
import type { PluginKind } from "../plugin-kind.js";
import { json } from "../template-context.js";

export const luaKind: PluginKind = {
  id: "lua",
  label: "Lua plugin",
  hint: "plugin.yaml + main.lua, sandboxed, no build step: edit and reload (HoloMUSH's Lua form)",
  steps: ["npm install", "npm test"],
  files: ({ name, command, holomush, tool }) => ({
    "package.json": {
      text: json({
        name,
        version: "0.1.0",
        private: true,
        description: `The ${name} HoloMUSH plugin`,
        type: "module",
        scripts: {
          test: "vitest run",
          validate: "holomush-host validate .",
          dev: "holomush-host dev --plugins .",
        },
        devDependencies: {
          "@holomush/host": holomush("@holomush/host"),
          "@holomush/server": holomush("@holomush/server"),
          "@holomush/testkit": holomush("@holomush/testkit"),
          "@types/node": tool("@types/node"),
          vitest: tool("vitest"),
        },
      }),
    },
    "plugin.yaml": {
      text: `# yaml-language-server: $schema=./node_modules/@holomush/host/schema/plugin.schema.json
name: ${name}
version: 0.1.0
type: lua
description: The ${name} plugin
emits: [location]
# Event types this plugin receives (from any stream).
events:
  - say
commands:
  - name: ${command}
    help: Say hello
    usage: "${command} [name]"
lua-plugin:
  entry: main.lua
`,
    },
    "main.lua": {
      text: `-- \`${command} [name]\`: the answer goes to the character who typed it.
function on_command(ctx)
  local who = ctx.args ~= "" and ctx.args or ctx.character_name
  if #who > 40 then
    return { status = 1, output = "usage: ${command} [name]" }
  end
  return "Hello, " .. who .. "!"
end

-- Events the manifest subscribes to. Emitted events are published as the plugin.
function on_event(event)
  -- Only characters: answering plugins (or ourselves) could loop.
  if event.type ~= "say" or event.actor_kind ~= "character" then
    return nil
  end
  local message = event.payload:match('"message"%s*:%s*"(.-)"%s*[,}]')
  if message == nil or message == "" then
    return nil
  end
  holo.emit.location(event.stream:match("^location:(.*)$") or "", "say", { message = "${name} heard: " .. message })
  return holo.emit.flush()
end
`,
    },
    "test/plugin.test.ts": {
      text: `import { join } from "node:path";
import { luaRuntime } from "@holomush/host";
import { useTestHost } from "@holomush/testkit/vitest";
import { expect, it } from "vitest";

const pluginDir = join(import.meta.dirname, "..");
// A real host running main.lua in its Lua sandbox.
const testHost = useTestHost({ runtimes: [luaRuntime()] });

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
    ".gitignore": { text: "node_modules/\n" },
    "README.md": {
      text: `# ${name}

A [HoloMUSH](https://github.com/holomush/holomush-plugins) Lua plugin: \`plugin.yaml\` and
\`main.lua\`, in HoloMUSH's own form. It answers \`${command} [name]\` and replies to what characters say.

\`\`\`sh
npm install
npm test          # runs main.lua in a real host's Lua sandbox with @holomush/testkit
npm run validate  # checks plugin.yaml and compiles main.lua as the host will
npm run dev       # a host on 127.0.0.1:4201 that reloads the plugin on every save
\`\`\`

There is no build step. Each call runs in a fresh Lua state, so keep what must last in KV
(\`requires: - capability: kv\`). The host's Lua reference: \`docs/lua.md\` in the platform's repository.
`,
    },
  }),
};
