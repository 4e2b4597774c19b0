// WebAssembly in this process (PGlite's PostgreSQL, Prisma's query compiler) runs on
// V8's baseline compiler only. By default V8 also compiles the hot functions again with
// its optimising compiler: for PGlite that costs 60–90 MB of resident memory and a
// second of CPU at start, and measured on this app's queries it bought nothing (the same
// CPU per query within the noise; docs/benchmark.md#memory). Imported first by
// src/server.ts, before any module is compiled. WASM_TIER_UP=1 restores V8's default.
import v8 from "node:v8";

if (process.env.WASM_TIER_UP !== "1") v8.setFlagsFromString("--liftoff-only");
