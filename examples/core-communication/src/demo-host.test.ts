/**
 * The README's main job, end to end: the real `holomush-host run` process
 * loading this examples folder, driven over real TCP connections.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const cli = join(import.meta.dirname, "..", "node_modules", "@holomush", "server", "dist", "cli.js");
const examples = join(import.meta.dirname, "..", "..");

interface Client {
  /** Every line received so far. */
  readonly all: string[];
  send(line: string): void;
  /** Writes bytes as they are (e.g. invalid UTF-8). */
  sendRaw(bytes: Uint8Array): void;
  expect(pattern: RegExp): Promise<string>;
  close(): void;
}

function connect(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const lines: string[] = [];
    const all: string[] = [];
    const waiters: Array<() => void> = [];
    createInterface({ input: socket }).on("line", (line) => {
      lines.push(line);
      all.push(line);
      for (const wake of waiters.splice(0)) wake();
    });
    socket.once("error", reject);
    socket.once("connect", () =>
      resolve({
        all,
        send: (line) => socket.write(`${line}\n`),
        sendRaw: (bytes) => socket.write(bytes),
        expect(pattern) {
          return new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`no ${pattern} in:\n${lines.join("\n")}`)), 10_000);
            const check = () => {
              const index = lines.findIndex((line) => pattern.test(line));
              if (index === -1) return void waiters.push(check);
              clearTimeout(timer);
              done(lines.splice(0, index + 1).at(-1) as string);
            };
            check();
          });
        },
        close: () => socket.end(),
      }),
    );
  });
}

/** The console port from the host's ready line. */
function consolePort(child: ChildProcess): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("host did not report its console address")), 120_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      const match = /"console":"127\.0\.0\.1:(\d+)"/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => reject(new Error(`host exited early with ${code}`)));
  });
}

describe("holomush-host run with the examples folder", () => {
  let host: ChildProcess;
  let port: number;
  // A fresh embedded database per run: nothing carries over between runs.
  let dataDir: string;

  // The scene made by the core-scenes test, left again after the restart.
  let sceneId = "";

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "holomush-demo-"));
    host = spawn(process.execPath, [cli, "run", "--plugins", examples, "--console", "127.0.0.1:0", "--data", dataDir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    port = await consolePort(host);
  }, 130_000);

  afterAll(async () => {
    if (host.exitCode === null) {
      const exited = new Promise((resolve) => host.once("exit", resolve));
      host.kill("SIGINT");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  // First, on a fresh world: the README's Alice starts in Town Square.
  it("plays the README's console transcript as written", async () => {
    const readme = readFileSync(join(examples, "..", "README.md"), "utf8");
    // The block after the <!-- transcript --> marker: "> " lines are typed, the rest answered ("..." = prefix).
    const block = /<!-- transcript -->\s*```[a-z]*\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, "README.md has a <!-- transcript --> block").toBeDefined();
    const client = await connect(port);
    const typed: string[] = [];
    for (const line of (block ?? "").trimEnd().split("\n")) {
      if (line.startsWith("> ")) {
        client.send(line.slice(2));
        typed.push(line.slice(2));
        continue;
      }
      const prefix = line.endsWith("...") ? line.slice(0, -3).trimEnd() : undefined;
      const escaped = (prefix ?? line).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const got = await client.expect(new RegExp(prefix === undefined ? `^${escaped}$` : `^${escaped}`));
      expect(got.startsWith(prefix ?? line)).toBe(true);
    }
    expect(typed.length).toBeGreaterThan(2);
    client.close();
  }, 30_000);

  it("lets two players talk, pose, page and move", async () => {
    const alice = await connect(port);
    await alice.expect(/What is your name/);
    alice.send("Alice");
    await alice.expect(/^Welcome, Alice/);
    const bob = await connect(port);
    bob.send("Bob");
    await bob.expect(/^Welcome, Bob/);

    alice.send("say hello");
    expect(await bob.expect(/Alice says/)).toBe('Alice says, "hello"');
    bob.send("pose waves");
    expect(await alice.expect(/^Bob waves$/)).toBe("Bob waves");
    alice.send("look");
    await alice.expect(/^Town Square$/);
    expect(await alice.expect(/^Here:/)).toBe("Here: Bob");

    alice.send("page Bob=psst");
    expect(await bob.expect(/pages/)).toBe("Alice pages: psst");
    expect(await alice.expect(/You paged/)).toBe("You paged Bob: psst");

    alice.send("go north");
    await alice.expect(/^The Salty Mug$/);
    expect(await bob.expect(/has left/)).toBe("Alice has left.");
    alice.send("go up");
    expect(await alice.expect(/exit/)).toBe('there is no exit "up" here');

    alice.close();
    bob.close();
  });

  it("runs the WASM echo-bot: a character's say is echoed, plugin events are not", async () => {
    const carol = await connect(port);
    carol.send("Carol");
    await carol.expect(/^Welcome, Carol/);
    carol.send("say hello");
    expect(await carol.expect(/Carol says/)).toBe('Carol says, "hello"');
    expect(await carol.expect(/echo-bot says/)).toBe('echo-bot says, "Echo: hello"');
    // The echo is an event from a plugin actor, which echo-bot ignores: exactly one echo.
    carol.send("pose checks");
    await carol.expect(/^Carol checks$/);
    carol.send("say");
    expect(await carol.expect(/Say what/)).toBe("Say what?");
    expect(carol.all.filter((line) => line.includes("echo-bot"))).toEqual(['echo-bot says, "Echo: hello"']);
    carol.close();
  });

  it("runs the Lua plugins: lua-echo answers a say; lua-communication's ooc, whisper, ;-pose and wall", async () => {
    const hana = await connect(port);
    hana.send("Hana");
    await hana.expect(/^Welcome, Hana/);
    const ivan = await connect(port);
    ivan.send("Ivan");
    await ivan.expect(/^Welcome, Ivan/);
    hana.send("say lua time");
    expect(await ivan.expect(/lua-echo says/)).toBe('lua-echo says, "Echo: lua time"');
    hana.send("ooc brb");
    expect(await ivan.expect(/OOC/)).toBe('[OOC] Hana says, "brb"');
    hana.send(";'s lantern flickers.");
    expect(await ivan.expect(/lantern/)).toBe("Hana's lantern flickers.");
    hana.send("whisper Ivan=meet me later");
    expect(await hana.expect(/You whisper/)).toBe("You whisper to Ivan: meet me later");
    expect(await ivan.expect(/whispers/)).toBe('Hana whispers, "meet me later"');
    ivan.send("wall closing soon");
    expect(await hana.expect(/ANNOUNCEMENT/)).toBe("[ANNOUNCEMENT] Ivan: closing soon");
    expect(await ivan.expect(/Announcement sent/)).toMatch(/^Announcement sent to \d+ sessions\.$/);
    hana.close();
    ivan.close();
  });

  it("runs the greeter process plugin: commands, EventSink, FocusClient, and its event handler", async () => {
    const dana = await connect(port);
    dana.send("Dana");
    await dana.expect(/^Welcome, Dana/);
    const eve = await connect(port);
    eve.send("Eve");
    await eve.expect(/^Welcome, Eve/);
    expect(await dana.expect(/waves at Eve/)).toBe("The greeter waves at Eve.");

    eve.send("greet Dana");
    expect(await dana.expect(/greets/)).toBe("Eve greets Dana.");
    expect(await eve.expect(/greets/)).toBe("Eve greets Dana.");

    eve.send("roll 2d6");
    expect(await dana.expect(/rolls/)).toMatch(/^Eve rolls 2d6: \d \+ \d = \d+\.$/);
    expect(await eve.expect(/rolls/)).toMatch(/^Eve rolls 2d6: \d \+ \d = \d+\.$/);
    eve.send("roll lots");
    expect(await eve.expect(/usage/)).toMatch(/^usage: roll <count>d<sides>/);
    // The actor reads each of those once: the event, not also a "You greet" / "You roll" reply.
    expect(eve.all.filter((line) => /greets|rolls|You greet|You roll/.test(line))).toEqual([
      "Eve greets Dana.",
      expect.stringMatching(/^Eve rolls 2d6: /),
    ]);

    eve.send("focus present s1");
    expect(await eve.expect(/scene s1/)).toBe("Join scene s1 first.");
    eve.send("focus join s1");
    expect(await eve.expect(/join scene/)).toBe("You join scene s1 (scene:s1:ic, scene:s1:ooc).");
    eve.send("focus join s1");
    expect(await eve.expect(/already/)).toBe("You are already in scene s1.");
    eve.send("focus leave s1");
    expect(await eve.expect(/leave scene/)).toBe("You leave scene s1.");
    dana.close();
    eve.close();
  });

  it("runs core-scenes, a process plugin with its own embedded database: scene create, join, pose, scenes", async () => {
    const frank = await connect(port);
    frank.send("Frank");
    await frank.expect(/^Welcome, Frank/);
    const gina = await connect(port);
    gina.send("Gina");
    await gina.expect(/^Welcome, Gina/);

    frank.send("scene create Lanterns at dusk --tags demo");
    const created = await frank.expect(/^You create scene/);
    const id = /^You create scene ([0-9A-Z]{26}) /.exec(created)?.[1] ?? "";
    // The location name comes from the host's WorldService, called by the plugin through the broker.
    expect(created).toBe(
      `You create scene ${id} at Town Square: Lanterns at dusk [demo]. Join it with: scene join ${id}`,
    );
    frank.send(`scene join ${id}`);
    expect(await frank.expect(/^You join scene/)).toBe(`You join scene ${id}: Lanterns at dusk (Town Square).`);
    expect(await frank.expect(/poses/)).toBe("No poses yet.");

    frank.send(`scene pose ${id} lights a lantern.`);
    // Frank watches scene:<id>:ic through his focus membership, so he sees his own pose.
    await frank.expect(/lights a lantern\.$/);
    gina.send(`scene join ${id}`);
    expect(await gina.expect(/^You join scene/)).toBe(`You join scene ${id}: Lanterns at dusk (Town Square).`);
    // The host replays the scene's poses to the joiner once; the join output does not repeat them.
    expect(gina.all.filter((line) => line.includes("lights a lantern"))).toEqual(["Frank lights a lantern."]);
    sceneId = id;

    // The data directory outlives a run, so earlier runs' scenes may be listed too: find ours.
    gina.send("scenes");
    await gina.expect(/^Open scenes:$/);
    expect(await gina.expect(new RegExp(id))).toBe(`  ${id}  Lanterns at dusk — at Town Square, 2 participants [demo]`);
    frank.close();
    gina.close();
  });

  it("carries non-ASCII text through every runtime, replaces invalid UTF-8, and names actors in counts", async () => {
    const zoe = await connect(port);
    zoe.send("Zoe");
    await zoe.expect(/^Welcome, Zoe/);
    // In-process (core-communication), WASM AssemblyScript (echo-bot), process (greeter).
    zoe.send("say café 😀 日本");
    expect(await zoe.expect(/Zoe says/)).toBe('Zoe says, "café 😀 日本"');
    expect(await zoe.expect(/echo-bot says/)).toBe('echo-bot says, "Echo: café 😀 日本"');
    // wasm-counter answers with history: who said it by name, and the non-ASCII text intact.
    zoe.send("counts recent location:square");
    expect(await zoe.expect(/say by Zoe: café/)).toBe("say by Zoe: café 😀 日本");
    zoe.send("greet Zoë 😀");
    expect(await zoe.expect(/greets/)).toBe("Zoe greets Zoë 😀.");
    // Bytes that are not UTF-8 arrive as U+FFFD and go through the WASM plugin too.
    zoe.sendRaw(Uint8Array.from([...Buffer.from("say bad "), 0xff, 0xc3, ...Buffer.from(" bytes\n")]));
    expect(await zoe.expect(/Zoe says, "bad/)).toBe('Zoe says, "bad \ufffd\ufffd bytes"');
    expect(await zoe.expect(/echo-bot says, "Echo: bad/)).toBe('echo-bot says, "Echo: bad \ufffd\ufffd bytes"');
    zoe.close();
  }, 30_000);

  it("asks before a second connection takes a name already in play", async () => {
    const first = await connect(port);
    first.send("Hana");
    await first.expect(/^Welcome, Hana/);
    const second = await connect(port);
    second.send("hana");
    expect(await second.expect(/already connected/)).toBe(
      'hana is already connected. Type "yes" to connect as hana here too, or give another name.',
    );
    second.send("Ivo");
    await second.expect(/^Welcome, Ivo/);
    first.close();
    second.close();
  });

  it("shuts down gracefully on SIGINT", async () => {
    const exited = new Promise<number | null>((resolve) => host.once("exit", (code) => resolve(code)));
    host.kill("SIGINT");
    expect(await exited).toBe(0);
  });

  it("keeps characters across a restart on the same data directory (plugin data keyed by id still matches)", async () => {
    host = spawn(process.execPath, [cli, "run", "--plugins", examples, "--console", "127.0.0.1:0", "--data", dataDir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    port = await consolePort(host);
    const frank = await connect(port);
    frank.send("Frank");
    await frank.expect(/^Welcome, Frank/);
    // core-scenes keeps participants by characterId in its own database: the same id finds Frank's row.
    frank.send(`scene leave ${sceneId}`);
    expect(await frank.expect(/scene/)).toBe(`You leave scene ${sceneId}: Lanterns at dusk.`);
    frank.close();
  }, 130_000);
});
