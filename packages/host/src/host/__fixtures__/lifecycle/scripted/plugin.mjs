export const plugin = {
  async handleCommand(request) {
    switch (request.command) {
      case "slow":
        return new Promise(() => {});
      case "boom":
        throw new Error("kaboom");
      case "nostatus":
        return { output: "?" };
      case "badevent":
        return { status: 1, output: "", events: [{ stream: "secret:x", type: "say", payload: "{}" }] };
      default:
        return { status: 1, output: `fine: ${request.args} from ${request.characterName} at ${request.locationId}` };
    }
  },
};
