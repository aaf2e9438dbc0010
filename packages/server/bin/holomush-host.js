#!/usr/bin/env node
// The `holomush-host` command. A committed shim, not dist/cli.js itself: package
// managers link bins at install time, before a workspace build has made dist/.
import("../dist/cli.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli.js")) {
    console.error("holomush-host: @holomush/server is not built yet (dist/cli.js is missing): run `pnpm build` first");
    process.exit(2);
  }
  throw error;
});
