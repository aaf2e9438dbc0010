// No hooks: the plugin exists to depend on echo-bot.
export const plugin = {};
