// The reference page, opened in headless Chromium (Debian's `chromium`, driven by playwright-core;
// never a downloaded browser): the operations, their examples and the error answers render, and the
// page fetches nothing from outside the local file. Skipped, saying why, where Chromium is absent.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const root = join(import.meta.dirname, "../..");
const available = existsSync(CHROMIUM);
if (!available)
  console.warn(
    `SKIPPED: the docs browser test needs Debian's chromium at ${CHROMIUM} (apt-get install chromium)`,
  );

describe.skipIf(!available)("the docs in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, "scripts/docs.mjs")], { cwd: root, stdio: "pipe" });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ], // playwright gives every launch a fresh, empty profile of its own
    });
  }, 120_000);
  afterAll(() => browser?.close());

  async function open(file: string) {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(join(root, file)).href, { waitUntil: "load" });
    return { page, requests };
  }

  it("the HTTP API page renders every operation, their examples and error answers, from the file alone", async () => {
    const { page, requests } = await open("dist/docs/index.html");
    // Redoc shows a tag's operations on demand and renders sections as they scroll into view: read
    // the page the way a reader does, collecting what each screen shows.
    await page.getByText("+ Show").click();
    let seen = "";
    for (let screen = 0; screen < 80; screen++) {
      seen += `\n${await page.locator("body").innerText()}`;
      await page.mouse.wheel(0, 700);
      await page.waitForTimeout(50);
    }
    for (const summary of [
      "Push one message",
      "Push a batch of messages",
      "Pull a batch of messages under a lease",
      "Acknowledge and retry messages",
      "Peek at available messages without leasing them",
      "Delete peeked messages by their refs",
      "Extend the leases of pulled messages (preview)",
    ]) {
      expect(seen).toContain(summary);
    }
    // request and response examples, in the samples panel
    expect(seen).toMatch(/"order_id":\s*4812/);
    expect(seen).toContain('"visibility_timeout_ms": 60000');
    expect(seen).toMatch(/"message_backlog_count":\s*12/);
    expect(seen).toMatch(/"ackCount":\s*1/);
    // the error answers: every status, and the pull-only ones with their descriptions and examples
    for (const status of ["400", "401", "403", "404", "405", "409", "413", "429", "5XX"])
      expect(seen).toContain(status);
    // the 409 tabs of the responses list and of the samples panel: its description and its example
    const tabs409 = page.getByText("409", { exact: true });
    for (let i = 0; i < (await tabs409.count()); i++) await tabs409.nth(i).click();
    await expect.poll(() => page.locator("body").innerText()).toContain("Delivery is paused on this queue");
    await expect
      .poll(() => page.locator("body").innerText())
      .toMatch(/"success":\s*false[\s\S]*"result":\s*null/);
    await page.getByText("405", { exact: true }).first().click();
    await expect
      .poll(() => page.locator("body").innerText())
      .toContain("The queue has no HTTP pull consumer");
    const outside = requests.filter((url) => !/^(file|data|blob|about):/.test(url));
    expect(outside).toEqual([]);
    await page.close();
  }, 90_000);

  it("the TypeScript API reference renders QueuesClient, the emulator, the consumer and the producer, from local files only", async () => {
    const { page, requests } = await open("dist/docs/api/modules/index.html");
    const text = await page.locator("body").innerText();
    expect(text).toContain("QueuesClient");
    expect(text).toContain("CloudflareApiError");
    await page.goto(pathToFileURL(join(root, "dist/docs/api/modules/emulator.html")).href);
    expect(await page.locator("body").innerText()).toContain("createEmulator");
    await page.goto(pathToFileURL(join(root, "dist/docs/api/modules/consumer.html")).href);
    expect(await page.locator("body").innerText()).toContain("ConsumerOptions");
    await page.goto(pathToFileURL(join(root, "dist/docs/api/modules/producer.html")).href);
    expect(await page.locator("body").innerText()).toContain("ProducerOptions");
    expect(requests.filter((url) => !/^(file|data|blob|about):/.test(url))).toEqual([]);
    await page.close();
  }, 60_000);
});
