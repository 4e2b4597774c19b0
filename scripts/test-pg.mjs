// `npm run test:pg`: the integration suite against a real PostgreSQL server.
// TEST_DATABASE_URL names a database the user may connect to and CREATE DATABASE
// from; each test file gets its own freshly created database, dropped afterwards.
import { spawnSync } from "node:child_process";

const url = process.env.TEST_DATABASE_URL || "postgresql://root@127.0.0.1:5432/postgres";
console.log(`PostgreSQL test server: ${url.replace(/:[^:@/]+@/, ":***@")}`);
const r = spawnSync("npx", ["vitest", "run", "--project", "integration", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TEST_DATABASE_URL: url },
});
process.exit(r.status ?? 1);
