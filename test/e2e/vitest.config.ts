import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The browser suite: `npx vitest run --config test/e2e/vitest.config.ts`. Kept out of `npm test`
 * because it needs Debian's Chromium (/usr/bin/chromium, installed by .ci/run).
 */
export default defineConfig({
  root: resolve(import.meta.dirname, "../.."),
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: false,
  },
});
