// Runs in each test file's process before the file: the app's child processes (the
// parsing process, the snapshot backup) run from the run's compiled copy of src/
// (test/helpers/compiled-src.ts, src/platform/child-program.ts) instead of tsx.
import { inject } from "vitest";

process.env.KD_COMPILED_SRC = inject("compiledSrc");

// KD_TEST_PROFILE=<folder>: a CPU profile of each test file's run (from its first hook to its
// last), written there as <pid>-<time>.cpuprofile; `node scripts/test-profile.mjs <folder>`
// sums them (docs/testing.md#where-the-time-goes). Child processes are not profiled.
const profileDir = process.env.KD_TEST_PROFILE;
if (profileDir) {
  const { Session } = await import("node:inspector/promises");
  const { mkdirSync, writeFileSync } = await import("node:fs");
  const { afterAll, beforeAll } = await import("vitest");
  const session = new Session();
  beforeAll(async () => {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 1000 });
    await session.post("Profiler.start");
  });
  afterAll(async () => {
    const { profile } = await session.post("Profiler.stop");
    mkdirSync(profileDir, { recursive: true });
    writeFileSync(`${profileDir}/${process.pid}-${Date.now()}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  });
}
