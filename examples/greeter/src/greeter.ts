/**
 * The greeter: a small process plugin showing the SDK's surface.
 * - `greet [name]`: answers the player and publishes a `greet` event.
 * - `roll NdM`: rolls dice and announces the result through the EventSink.
 * - `focus join|present|leave <id>`: drives the session's focus through the
 *   FocusClient (the host's scene policy owns streams and replay).
 * - on `arrive` events it waves at the newcomer (returned events) and counts
 *   the waves in its KV store; `waves` reports the count (KvClient).
 */
import {
  type CallContext,
  type EventSink,
  errorf,
  type FocusClient,
  FocusError,
  type KvClient,
  ok,
  type PluginHandler,
  serve,
} from "@holomush/plugin-sdk";
import { type CommandRequest, type Event, FocusKind } from "@holomush/proto";

const MAX_DICE = 20;
const MAX_SIDES = 1000;

class Greeter implements PluginHandler {
  private sink: EventSink | undefined;
  private focus: FocusClient | undefined;
  private kv: KvClient | undefined;

  setKvClient(kv: KvClient): void {
    this.kv = kv;
  }

  setEventSink(sink: EventSink): void {
    this.sink = sink;
  }

  setFocusClient(client: FocusClient): void {
    this.focus = client;
  }

  async handleEvent(event: Event) {
    if (event.type !== "arrive") return undefined;
    // Durable across restarts of the plugin: the count lives in the host's KV store.
    const waves = Number((await this.kv?.getText("waves")) ?? "0") + 1;
    await this.kv?.set("waves", String(waves));
    const { name } = JSON.parse(event.payload || "{}") as { name?: string };
    const to = name ?? event.actorId;
    return [
      { stream: event.stream, type: "wave", payload: JSON.stringify({ to, message: `The greeter waves at ${to}.` }) },
    ];
  }

  async handleCommand(request: CommandRequest, _context: CallContext) {
    switch (request.command) {
      case "greet":
        return this.greet(request);
      case "roll":
        return this.roll(request);
      case "waves": {
        const waves = (await this.kv?.getText("waves")) ?? "0";
        return ok(`I have waved at ${waves} arrival${waves === "1" ? "" : "s"}.`);
      }
      case "focus":
        return this.scene(request);
      default:
        return errorf("greeter does not know %s", request.command);
    }
  }

  private greet(request: CommandRequest) {
    const whom = request.args.trim() || "everyone";
    const message = `${request.characterName} greets ${whom}.`;
    // No reply text: the greet event reaches the greeter's own location too, so the
    // actor reads "Alice greets Bob." once instead of that plus "You greet Bob.".
    return ok("", [
      {
        stream: `location:${request.locationId}`,
        type: "greet",
        // `name`: who acted, readable in history without resolving the actor id.
        payload: JSON.stringify({ from: request.characterName, to: whom, message, name: request.characterName }),
      },
    ]);
  }

  private async roll(request: CommandRequest) {
    const match = /^(\d+)d(\d+)$/i.exec(request.args.trim());
    const count = Number(match?.[1]);
    const sides = Number(match?.[2]);
    if (!match || count < 1 || count > MAX_DICE || sides < 2 || sides > MAX_SIDES) {
      return errorf("usage: roll <count>d<sides>, e.g. roll 2d6 (1-%d dice, 2-%d sides)", MAX_DICE, MAX_SIDES);
    }
    const rolls = Array.from({ length: count }, () => 1 + Math.floor(Math.random() * sides));
    const total = rolls.reduce((sum, value) => sum + value, 0);
    const result = `${request.args.trim()}: ${rolls.join(" + ")} = ${total}`;
    // Through the EventSink (not the response): the roll is announced even if
    // the reply were lost, and it shows the sink in use.
    await this.sink?.emit({
      stream: `location:${request.locationId}`,
      type: "roll",
      payload: {
        by: request.characterName,
        dice: request.args.trim(),
        rolls,
        total,
        message: `${request.characterName} rolls ${result}.`,
      },
    });
    // The announcement is the actor's line too (see greet).
    return ok("");
  }

  private async scene(request: CommandRequest) {
    const [action = "", id = ""] = request.args.trim().split(/\s+/);
    if (!this.focus || !id || !["join", "present", "leave"].includes(action)) {
      return errorf("usage: focus join|present|leave <id>");
    }
    const target = { kind: FocusKind.SCENE, targetId: id };
    try {
      if (action === "join") {
        const streams = await this.focus.joinFocus(request.sessionId, target);
        return ok(`You join scene ${id} (${streams.join(", ")}).`);
      }
      if (action === "present") {
        await this.focus.presentFocus(request.sessionId, target);
        return ok(`You now present scene ${id}.`);
      }
      const wasMember = await this.focus.leaveFocus(request.sessionId, target);
      return ok(wasMember ? `You leave scene ${id}.` : `You were not in scene ${id}.`);
    } catch (error) {
      if (error instanceof FocusError && error.code === "FOCUS_ALREADY_MEMBER")
        return ok(`You are already in scene ${id}.`);
      if (error instanceof FocusError && error.code === "FOCUS_NOT_MEMBER") return errorf("Join scene %s first.", id);
      throw error;
    }
  }
}

await serve({ handler: new Greeter(), commands: ["greet", "roll", "focus", "waves"] });
