// extism-js interface file: what this plugin exports and imports.
declare module "main" {
  export function handle_event(): I32;
}

declare module "extism:host" {
  interface user {
    log(ptr: I64): I64;
  }
}
