// Exports neither `plugin` nor `createPlugin`: the host refuses it at load.
export const nothingUseful = 42;
