// No imports beyond node:fs, so the directory works from anywhere. CommandStatus.OK is 1.
import { appendFileSync } from "node:fs";

const node = () => process.env.HOLOMUSH_NODE_ID ?? "?";
const write = (line) => appendFileSync(process.env.HOLOMUSH_TEST_LEDGER ?? "/dev/null", `${line}\n`);

export default {
  async handleEvent(event) {
    const message = JSON.parse(event.payload).message ?? "";
    write(`begin ${node()} ${event.id} ${message}`);
    // "slow…" lines keep the plugin busy, so a test can kill its node mid-delivery.
    if (message.startsWith("slow")) await new Promise((resolve) => setTimeout(resolve, 3000));
    write(`done ${node()} ${event.id} ${message}`);
  },
  async handleCommand(request, context) {
    if (request.command === "join-scene") {
      // FocusKind.SCENE is 1; the session may be connected to another node than this one.
      const streams = await context.host.joinFocus(request.sessionId, { kind: 1, targetId: request.args });
      return { status: 1, output: `joined ${streams.join(",")} via ${node()}` };
    }
    if (request.command === "scene-say") {
      const [scene, ...words] = request.args.split(" ");
      const payload = JSON.stringify({ message: words.join(" ") });
      return { status: 1, output: "", events: [{ stream: `scene:${scene}:ic`, type: "say", payload }] };
    }
    return { status: 1, output: `node=${node()}` };
  },
};
