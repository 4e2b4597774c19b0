// The server as a separate process, the way `npm start` runs it: Node on JavaScript
// (the run's compiled copy of src/), not tsx, whose start cost seconds per process.
import path from "node:path";
import { inject } from "vitest";

/** The arguments after `node` that start the server. */
export const serverArgs = (): string[] => [path.join(inject("compiledSrc"), "server.js")];
