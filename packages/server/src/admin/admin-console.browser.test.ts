/**
 * The operator console in a real browser: Playwright (playwright-core)
 * driving the system Chromium (Debian package `chromium`) against the real
 * `holomush-host run` with every example plugin. Saves screenshots of the
 * main pages (docs/images/ with HOLOMUSH_UPDATE_SCREENSHOTS=1; otherwise
 * packages/host/.admin-screenshots/).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { connectConsole } from "../console/console-client.test-support.js";
import {
  PACKAGE_DIR,
  REPO_DIR,
  type RunningHost,
  startHostProcess,
  writeTokenFile,
} from "./admin-host.test-support.js";

const CHROMIUM = "/usr/bin/chromium";
/** echo-fan: an in-process plugin depending on echo-bot. */
const FIXTURE_PLUGINS = join(PACKAGE_DIR, "src", "admin", "__fixtures__", "plugins");
/** Every plugin the host discovers: each example's and the fixture's plugin.yaml name. */
const EXPECTED_PLUGINS = [join(REPO_DIR, "examples"), FIXTURE_PLUGINS]
  .flatMap((root) => readdirSync(root).map((dir) => join(root, dir, "plugin.yaml")))
  .filter((file) => existsSync(file))
  .map((file) => (parse(readFileSync(file, "utf8")) as { name: string }).name)
  .sort();
/** The ones this test uses: each must be running. */
const USED = ["core-communication", "echo-bot", "echo-fan", "greeter", "wasm-counter"];
const TOKEN = "browser-test-token-5d1e8b7a0c92";
const SCREENSHOTS =
  process.env.HOLOMUSH_UPDATE_SCREENSHOTS === "1"
    ? join(REPO_DIR, "docs", "images")
    : join(PACKAGE_DIR, ".admin-screenshots");

let host: RunningHost;
let context: BrowserContext;
let page: Page;
let profile: string;
let tokenFile: ReturnType<typeof writeTokenFile>;
/** What the page's confirm() dialogs asked, and whether the test answers OK. */
const dialogs: string[] = [];
let confirmDialogs = true;

async function screenshot(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** The uptime on a plugin's page, in seconds ("up 1m 5s" → 65). */
async function shownUptime(): Promise<number> {
  const text = await page.locator("#plugin-state").evaluate((node) => node.parentElement?.textContent ?? "");
  const match = /up (?:(\d+)h )?(?:(\d+)m )?(\d+)s|up (\d+)h (\d+)m/.exec(text);
  if (match === null) throw new Error(`no uptime in "${text}"`);
  const [, h, m, s, hh, mm] = match.map((part) => Number(part ?? 0));
  return (h as number) * 3600 + (m as number) * 60 + (s as number) + (hh as number) * 3600 + (mm as number) * 60;
}

const cell = (plugin: string, column: string) =>
  page.locator(`#plugin-table tr[data-plugin="${plugin}"] td[data-col="${column}"]`);

describe("the operator console in Chromium", () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install the Debian package "chromium"`);
    tokenFile = writeTokenFile(TOKEN);
    host = await startHostProcess({
      plugins: [join(REPO_DIR, "examples"), FIXTURE_PLUGINS],
      args: ["--admin-token-file", tokenFile.file],
    });
    profile = mkdtempSync(join(tmpdir(), "holomush-chromium-"));
    // A fresh profile each run; --user-data-dir goes through launchPersistentContext.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 640 },
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void (confirmDialogs ? dialog.accept() : dialog.dismiss());
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await host?.stop();
    tokenFile?.remove();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("refuses a wrong token: 401, and the console stays on its login", async () => {
    await page.goto(host.adminUrl);
    await page.locator("#token").fill("not-the-admin-token-123");
    const answer = page.waitForResponse((response) => response.url().endsWith("/api/login"));
    await page.locator("#login button[type=submit]").click();
    expect((await answer).status()).toBe(401);
    await expect.poll(() => page.locator("#login-error").textContent()).toBe("Wrong admin token.");
    expect(await page.locator("#plugin-table").count()).toBe(0);
    // A page reload still shows the login: no session was opened.
    await page.reload();
    await page.locator("#login").waitFor();
    await screenshot("admin-login");
  });

  it("signs in and shows every example plugin in the table", async () => {
    await page.locator("#token").fill(TOKEN);
    await page.locator("#login button[type=submit]").click();
    await page.locator("#plugin-table").waitFor();
    const names = await page
      .locator("#plugin-table tbody tr")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-plugin")));
    expect(names.sort()).toEqual(EXPECTED_PLUGINS);
    for (const name of USED) expect(await cell(name, "state").textContent(), name).toBe("running");
    // The session is a cookie the page script cannot read (HttpOnly).
    expect(await page.evaluate("document.cookie")).toBe("");
    const cookies = await context.cookies();
    expect(cookies).toEqual([expect.objectContaining({ name: "holomush_admin", httpOnly: true, sameSite: "Strict" })]);
  });

  it("moves echo-bot's counters live when a player says something over the TCP console", async () => {
    const before = Number(await cell("echo-bot", "delivered").textContent());
    const player = await connectConsole(host.consolePort);
    await player.expectLine(/What is your name\?/);
    player.send("Alice");
    await player.expectLine(/^Welcome, Alice/);
    for (let i = 0; i < 3; i++) player.send(`say hello ${i}`);
    await player.expectLine(/Echo: hello 2/);
    // No page reload: the table follows the SSE stream.
    await expect
      .poll(async () => Number(await cell("echo-bot", "delivered").textContent()), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(before + 3);
    await expect.poll(async () => await cell("echo-bot", "events").textContent(), { timeout: 10_000 }).not.toBe("0");
    expect(await cell("echo-bot", "p99").textContent()).toMatch(/ms$/);
    await screenshot("admin-plugins");
    await player.close();
  });

  it("reloads a plugin from its page (confirmed), restarting its uptime, and audits it", async () => {
    await page.locator('#plugin-table a[href="#/plugins/wasm-counter"]').click();
    await page.locator("#plugin-state").waitFor();
    await page.waitForTimeout(2100); // let the uptime pass 2 s, so its reset shows
    await screenshot("admin-plugin");
    expect(await shownUptime()).toBeGreaterThanOrEqual(2);
    // Cancelling the confirmation does nothing.
    const requests: string[] = [];
    page.on("request", (request) => void requests.push(request.url()));
    confirmDialogs = false;
    await page.getByRole("button", { name: "Reload", exact: true }).click();
    await expect.poll(() => dialogs.at(-1)).toBe("Reload wasm-counter?");
    await page.waitForTimeout(300);
    expect(requests.filter((url) => url.endsWith("/reload"))).toEqual([]);
    expect(await shownUptime()).toBeGreaterThanOrEqual(2);
    confirmDialogs = true;
    await page.getByRole("button", { name: "Reload", exact: true }).click();
    await page.locator(".notice", { hasText: "Reload wasm-counter: done" }).waitFor();
    await expect.poll(shownUptime).toBeLessThan(2);
    const audit = await host.waitForLine(/"action":"reload"/);
    expect(JSON.parse(audit).audit).toMatchObject({
      action: "reload",
      plugin: "wasm-counter",
      result: "ok",
      who: expect.stringMatching(/^session /),
    });
  });

  it("reloads echo-bot with its dependents from its page", async () => {
    await page.goto(`${host.adminUrl}#/plugins/echo-bot`);
    await page.locator("#plugin-state").waitFor();
    const answer = page.waitForResponse((response) => response.url().endsWith("/api/plugins/echo-bot/reload"));
    await page.getByRole("button", { name: "Reload with dependents" }).click();
    expect(await (await answer).json()).toEqual({ reloaded: ["echo-bot", "echo-fan"] });
    await page.locator(".notice", { hasText: "Reload echo-bot and its dependents: done" }).waitFor();
    const audit = await host.waitForLine(/"action":"reload","plugin":"echo-bot"/);
    expect(JSON.parse(audit).audit).toMatchObject({ withDependents: true, result: "ok" });
  });

  it("unloads a plugin from its page, then loads it again from the discovered list", async () => {
    await page.goto(`${host.adminUrl}#/plugins/echo-fan`);
    await page.locator("#plugin-state").waitFor();
    await page.getByRole("button", { name: "Unload" }).click();
    await page.locator(".notice", { hasText: "Unload echo-fan: done" }).waitFor();
    await page.goto(`${host.adminUrl}#/`);
    await page.locator('#discovered-table tr[data-plugin="echo-fan"]').waitFor();
    expect(await page.locator('#plugin-table tr[data-plugin="echo-fan"]').count()).toBe(0);
    await page.locator('#discovered-table tr[data-plugin="echo-fan"] button').click();
    await page.locator(".notice", { hasText: "Load echo-fan: done" }).waitFor();
    await expect.poll(() => cell("echo-fan", "state").textContent()).toBe("running");
    expect(JSON.parse(await host.waitForLine(/"action":"unload"/)).audit).toMatchObject({
      plugin: "echo-fan",
      result: "ok",
    });
    expect(JSON.parse(await host.waitForLine(/"action":"load"/)).audit).toMatchObject({ result: "ok" });
  });

  it("draws the dependency graph and tails the event stream with a pattern", async () => {
    await page.goto(`${host.adminUrl}#/graph`);
    await page.locator("#dependency-graph").waitFor();
    expect(await page.locator("#dependency-graph rect").count()).toBe(EXPECTED_PLUGINS.length);
    // One arrow: echo-fan → echo-bot.
    expect(await page.locator("#dependency-graph line").count()).toBe(1);
    await screenshot("admin-graph");

    await page.goto(`${host.adminUrl}#/events`);
    await page.locator("#pattern").fill("location:*");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForTimeout(300);
    const player = await connectConsole(host.consolePort);
    await player.expectLine(/What is your name\?/);
    player.send("Bob");
    await player.expectLine(/^Welcome, Bob/);
    player.send("say watching the tail");
    // Several examples echo a say (echo-bot, lua-echo, and go-echo/py-echo where built): wait for echo-bot's.
    await page
      .locator("#event-tail div", { hasText: "Echo: watching the tail" })
      .filter({ hasText: "[plugin echo-bot]" })
      .waitFor();
    const lines = await page.locator("#event-tail div").allTextContents();
    expect(lines.every((line) => / location:/.test(line))).toBe(true);
    await screenshot("admin-events");
    await player.close();
  });

  it("never wrote the token into the host's log", () => {
    expect(host.stdout).not.toContain(TOKEN);
    expect(host.stderr).not.toContain(TOKEN);
  });
});
