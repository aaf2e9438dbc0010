// CommandStatus.OK is 1 (holomush.plugin.v1); no imports, so the directory works from anywhere.
export default {
  handleCommand(request) {
    return {
      status: 1,
      output: "",
      events: [
        {
          stream: `location:${request.locationId}`,
          type: request.command,
          payload: JSON.stringify({ message: request.args }),
        },
      ],
    };
  },
};
