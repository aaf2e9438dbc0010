// Writes assembly/abi.generated.ts (see assembly-abi.ts).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { assemblyAbi } from "./assembly-abi.js";

const file = fileURLToPath(new URL("../assembly/abi.generated.ts", import.meta.url));
writeFileSync(file, assemblyAbi());
console.log(`wrote ${file}`);
