// The one way browser tests start Debian's Chromium and keep their screenshots.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";

const CHROMIUM_PATH = "/usr/bin/chromium";

// Headless without a sandbox (containers, CI), and none of Chromium's own network traffic (updates, sync).
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** test-results/<name>, created if missing: where a browser test writes its screenshots. */
export function screenshotDir(name: string): string {
  const dir = path.join("test-results", name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
