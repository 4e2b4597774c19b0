// Architecture rules, checked in CI (`npm run lint:deps`): see docs/architecture.md.
// The layers, bottom to top: src/platform/ (database, HTTP, files, parsing sandbox,
// config, time, logging, jobs) → src/core/ (the SOP and kinds, calendar, users,
// policies, documents, the workflow engine and its case log) → src/features/<name>/
// (each capability: its routes, use cases and listeners) → the composition root
// (src/app.ts, server.ts, wiring.ts, parse-child.ts), which wires them together.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-folder-cycle",
      comment: "Folders depend on each other in one direction only: a cycle means two features (or a feature and the core) are one tangle.",
      severity: "error",
      scope: "folder",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "no-file-cycle",
      comment: "No module imports itself through others.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "platform-knows-no-layer-above",
      comment: "The platform serves every layer and knows none of them: no import of the core, a feature or the composition root.",
      severity: "error",
      from: { path: "^src/platform/" },
      to: { path: "^src/(core|features)/|^src/[^/]+\\.ts$" },
    },
    {
      name: "core-knows-no-feature",
      comment:
        "The core (the SOP, the workflow engine, the case log, the policies) announces what happened (core/workflow/events.ts) and the features listen (src/wiring.ts): it imports no feature and not the composition root.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/features/|^src/[^/]+\\.ts$" },
    },
    {
      name: "features-below-composition",
      comment: "Only the composition root (src/*.ts) wires features together; no feature imports it.",
      severity: "error",
      from: { path: "^src/features/" },
      to: { path: "^src/[^/]+\\.ts$" },
    },
    {
      name: "routes-are-a-feature's-own",
      comment: "A feature's routes are its internals, mounted by the composition root: another feature uses its use cases, never its routes.",
      severity: "error",
      from: { path: "^src/features/([^/]+)/" },
      to: { path: "^src/features/[^/]+/routes\\.ts$", pathNot: "^src/features/$1/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/generated/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js"] },
  },
};
