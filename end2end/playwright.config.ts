import { defineConfig } from "@playwright/test";
import * as os from "os";
import * as path from "path";

// The portal under test: the binary and site that `cargo leptos build` produced, on its own port and a
// fresh data directory (demo data on), started and stopped by Playwright.
const port = Number(process.env.E2E_PORT ?? 3300);
// Set once in the main process; the test workers inherit it and read the mails the portal writes
// under `<dataDir>/mail/` (development mail transport).
process.env.E2E_DATA_DIR ??= path.join(os.tmpdir(), `sangkien-e2e-${process.pid}`);
const dataDir = process.env.E2E_DATA_DIR;
const profile = process.env.E2E_PROFILE ?? "debug";
const root = path.resolve(__dirname, "..");

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: "vi-VN",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "js", use: { javaScriptEnabled: true } },
    { name: "nojs", use: { javaScriptEnabled: false }, testIgnore: /(islands|accessibility)\.spec\.ts/ },
  ],
  webServer: {
    command: `rm -rf "${dataDir}" && "${root}/target/${profile}/sangkien" serve`,
    cwd: root,
    url: `http://127.0.0.1:${port}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      SANGKIEN_DATA_DIR: dataDir,
      SANGKIEN_DEMO_DATA: "on",
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: path.join(root, "target/site"),
      LEPTOS_OUTPUT_NAME: "sangkien",
      RUST_LOG: "warn",
    },
  },
});
