import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PLUGIN_KINDS } from "./kinds.js";
import { commandNameFor, pluginNameProblem } from "./plugin-name.js";
import { ScaffoldError, scaffoldPlugin } from "./scaffold.js";
import { GO_SDK_MODULE, GO_SDK_VERSION, GO_VERSION, PYTHON_SDK, sdkSourcesIn } from "./sdks.js";
import { TOOLCHAIN } from "./toolchain.js";

const root = join(import.meta.dirname, "..", "..", "..");
const scratch: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "create-holomush-plugin-"));
  scratch.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("plugin names", () => {
  it("accepts what plugin.yaml accepts and says why not otherwise", () => {
    expect(pluginNameProblem("dice-roller")).toBeUndefined();
    expect(pluginNameProblem("a2")).toBeUndefined();
    for (const bad of ["", "Dice", "2dice", "dice--roller", "dice-", "dice_roller", "x".repeat(65)]) {
      expect(pluginNameProblem(bad), bad).toBeTypeOf("string");
    }
  });

  it("derives a command name within a command's 20 characters", () => {
    expect(commandNameFor("dice")).toBe("dice");
    expect(commandNameFor("a-very-long-plugin-name-indeed")).toBe("a-very-long-plugin-n");
    expect(commandNameFor("abcdefghijklmnopqrs-tuv")).toBe("abcdefghijklmnopqrs");
  });
});

/** The kinds an npm project holds (package.json, a testkit test); Go and Python have their own tests below. */
const NPM_KINDS = PLUGIN_KINDS.filter((kind) => !["go", "python"].includes(kind.id));

it("offers every kind, npm-based first", () => {
  expect(PLUGIN_KINDS.map((kind) => kind.id)).toEqual(["ts", "assemblyscript", "lua", "go", "python"]);
});

describe.each(NPM_KINDS.map((kind) => [kind.id, kind] as const))("scaffolding a %s plugin", (id) => {
  it("writes a manifest, source, a test and a README naming the plugin", () => {
    const directory = join(tempDir(), "dice-roller");
    const result = scaffoldPlugin({ name: "dice-roller", kind: id, version: "1.2.3", directory });
    expect(result.files).toEqual(
      expect.arrayContaining(["README.md", "package.json", "plugin.yaml", "test/plugin.test.ts"]),
    );
    const manifest = parse(readFileSync(join(directory, "plugin.yaml"), "utf8"));
    expect(manifest.name).toBe("dice-roller");
    expect(manifest.commands[0].name).toBe("dice-roller");
    expect(readFileSync(join(directory, "plugin.yaml"), "utf8")).toMatch(
      /^# yaml-language-server: \$schema=\.\/node_modules\/@holomush\/host\/schema\/plugin\.schema\.json\n/,
    );
    const pkg = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
    expect(pkg.name).toBe("dice-roller");
    expect({ ...pkg.dependencies, ...pkg.devDependencies }["@holomush/testkit"]).toBe("^1.2.3");
    expect(readFileSync(join(directory, "README.md"), "utf8")).toContain("# dice-roller");
  });

  it("depends on local tarballs when given them", () => {
    const directory = join(tempDir(), "p");
    scaffoldPlugin({
      name: "p",
      kind: id,
      version: "1.2.3",
      directory,
      packages: { "@holomush/testkit": "/tmp/holomush-testkit-1.2.3.tgz" },
    });
    const pkg = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
    expect(pkg.devDependencies["@holomush/testkit"]).toBe("file:/tmp/holomush-testkit-1.2.3.tgz");
    expect(pkg.devDependencies["@holomush/host"]).toBe("^1.2.3");
    // testkit's own dependency on host/proto must not reach the registry either.
    expect(pkg.overrides).toEqual({ "@holomush/testkit": "file:/tmp/holomush-testkit-1.2.3.tgz" });
  });
});

describe("refusals", () => {
  it("never writes into a folder that has files, an invalid name or an unknown kind", () => {
    const directory = tempDir();
    writeFileSync(join(directory, "mine.txt"), "keep me");
    expect(() => scaffoldPlugin({ name: "x", kind: "ts", version: "1.0.0", directory })).toThrow(/not empty/);
    expect(readFileSync(join(directory, "mine.txt"), "utf8")).toBe("keep me");
    expect(() =>
      scaffoldPlugin({ name: "Bad Name", kind: "ts", version: "1.0.0", directory: join(directory, "n") }),
    ).toThrow(ScaffoldError);
    expect(() =>
      scaffoldPlugin({ name: "ok", kind: "cobol", version: "1.0.0", directory: join(directory, "k") }),
    ).toThrow(/unknown kind "cobol" \(choose one of: ts, assemblyscript, lua/);
  });
});

it("makes the process plugin's launcher executable", () => {
  const directory = join(tempDir(), "launcher");
  scaffoldPlugin({ name: "launcher", kind: "ts", version: "1.0.0", directory });
  expect(statSync(join(directory, "bin", "launcher")).mode & 0o111).toBe(0o111);
});

it("pins the toolchain this repository builds its own plugins with", () => {
  const rootPkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const echoBot = JSON.parse(readFileSync(join(root, "examples", "echo-bot", "package.json"), "utf8"));
  expect(TOOLCHAIN).toEqual({
    assemblyscript: echoBot.devDependencies.assemblyscript,
    tsup: rootPkg.devDependencies.tsup,
    typescript: rootPkg.devDependencies.typescript,
    vitest: rootPkg.devDependencies.vitest,
    "@types/node": rootPkg.devDependencies["@types/node"],
  });
});

const REPOSITORY_SCHEMA =
  /^# yaml-language-server: \$schema=https:\/\/raw\.githubusercontent\.com\/holomush\/holomush-plugins\/main\/packages\/host\/schema\/plugin\.schema\.json\n/;

describe("scaffolding a go plugin", () => {
  it("writes go.mod on the published SDK (with the replace documented), source, a go test and a README", () => {
    const directory = join(tempDir(), "dice-roller");
    const result = scaffoldPlugin({ name: "dice-roller", kind: "go", version: "1.2.3", directory });
    expect(result.files).toEqual([".gitignore", "README.md", "go.mod", "main.go", "main_test.go", "plugin.yaml"]);
    expect(result.steps).toEqual(["go mod tidy", "go test ./...", "go build -o build/ ."]);
    const text = readFileSync(join(directory, "plugin.yaml"), "utf8");
    expect(text).toMatch(REPOSITORY_SCHEMA);
    const manifest = parse(text);
    expect(manifest).toMatchObject({
      name: "dice-roller",
      type: "binary",
      "binary-plugin": { executable: "build/dice-roller" },
    });
    expect(manifest.commands[0].name).toBe("dice-roller");
    const goMod = readFileSync(join(directory, "go.mod"), "utf8");
    expect(goMod).toContain("module example.com/dice-roller\n");
    expect(goMod).toContain(`go ${GO_VERSION}\n`);
    expect(goMod).toContain(`require ${GO_SDK_MODULE} ${GO_SDK_VERSION}\n`);
    expect(goMod).toContain(`// replace ${GO_SDK_MODULE} => ../holomush-plugins/sdks/go\n`);
    expect(goMod).not.toMatch(/^replace /m);
    expect(readFileSync(join(directory, "main.go"), "utf8")).toContain('Commands: []string{"dice-roller"}');
    expect(readFileSync(join(directory, "main_test.go"), "utf8")).toContain("func TestAnswersItsCommand");
    expect(readFileSync(join(directory, "README.md"), "utf8")).toContain("# dice-roller");
  });

  it("builds against a local SDK checkout with --sdks-from", () => {
    const directory = join(tempDir(), "p");
    scaffoldPlugin({ name: "p", kind: "go", version: "1.2.3", directory, sdks: sdkSourcesIn("/src/holomush") });
    expect(readFileSync(join(directory, "go.mod"), "utf8")).toMatch(
      new RegExp(`^replace ${GO_SDK_MODULE} => /src/holomush/sdks/go$`, "m"),
    );
  });
});

describe("scaffolding a python plugin", () => {
  it("writes a pyproject on the SDK, the module, its launcher, a pytest test and a README", () => {
    const directory = join(tempDir(), "dice-roller");
    const result = scaffoldPlugin({ name: "dice-roller", kind: "python", version: "1.2.3", directory });
    expect(result.files).toEqual([
      ".gitignore",
      "README.md",
      "bin/dice-roller",
      "dice_roller.py",
      "plugin.yaml",
      "pyproject.toml",
      "tests/test_plugin.py",
    ]);
    const text = readFileSync(join(directory, "plugin.yaml"), "utf8");
    expect(text).toMatch(REPOSITORY_SCHEMA);
    expect(parse(text)).toMatchObject({ name: "dice-roller", "binary-plugin": { executable: "bin/dice-roller" } });
    expect(statSync(join(directory, "bin", "dice-roller")).mode & 0o111).toBe(0o111);
    const pyproject = readFileSync(join(directory, "pyproject.toml"), "utf8");
    expect(pyproject).toContain(`dependencies = ["${PYTHON_SDK}>=0.1.0,<0.2"]`);
    expect(pyproject).toContain('py-modules = ["dice_roller"]');
    expect(readFileSync(join(directory, "dice_roller.py"), "utf8")).toContain('COMMAND = "dice-roller"');
    expect(readFileSync(join(directory, "tests", "test_plugin.py"), "utf8")).toContain("from dice_roller import");
  });

  it("depends on a local SDK checkout with --sdks-from", () => {
    const directory = join(tempDir(), "p");
    scaffoldPlugin({ name: "p", kind: "python", version: "1.2.3", directory, sdks: sdkSourcesIn("/src/holomush") });
    expect(readFileSync(join(directory, "pyproject.toml"), "utf8")).toContain(
      `dependencies = ["${PYTHON_SDK} @ file:///src/holomush/sdks/python"]`,
    );
  });
});

it("names the SDKs as sdks/go and sdks/python declare them", () => {
  const goMod = readFileSync(join(root, "sdks", "go", "go.mod"), "utf8");
  expect(goMod).toMatch(new RegExp(`^module ${GO_SDK_MODULE}$`, "m"));
  expect(goMod).toMatch(new RegExp(`^go ${GO_VERSION.replaceAll(".", "\\.")}$`, "m"));
  const pyproject = readFileSync(join(root, "sdks", "python", "pyproject.toml"), "utf8");
  expect(pyproject).toContain(`name = "${PYTHON_SDK}"`);
  // The scaffolded range (>=0.1.0,<0.2) admits the SDK's current version.
  expect(pyproject).toMatch(/^version = "0\.1\.\d+"$/m);
});
