import { defineConfig } from "vitest/config";

// Three suites: unit (pure), integration (supertest on a real database: PGlite,
// or PostgreSQL when TEST_DATABASE_URL is set) and e2e (Debian's chromium).
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/helpers/global-setup.ts"],
          setupFiles: ["test/helpers/setup-file.ts"],
          // A worker imports the app once for all its files (each file still builds its own app
          // on its own database): per-file imports were 4-14 s on a busy machine.
          isolate: false,
          // A limit against hangs, not a speed check (benchmarks are under bench/): tests that drive a
          // case through both signings take 5 s alone and several times that on two busy cores.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/helpers/global-setup.ts"],
          setupFiles: ["test/helpers/setup-file.ts"],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // One browser-test file after another in one process: imported once, not per file.
          isolate: false,
        },
      },
    ],
  },
});
