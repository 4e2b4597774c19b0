// Architecture rules, checked in CI (`npm run lint:deps`): see docs/architecture.md.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-folder-cycle",
      comment: "Folders depend on each other in one direction only: a cycle means two features (or a feature and the core) are one tangle.",
      // Reported, not yet failing: the cycle is being taken apart (issue 22); made an error once it is gone.
      severity: "warn",
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
      name: "workflow-announces",
      comment:
        "The workflow engine announces what happened (src/workflow/events.ts); the features listen (src/wiring.ts). It may use the platform (db, http, config, time), the case's own data (cases' proposal schema, documents, the holiday calendar, period labels), users and policies, and nothing else.",
      severity: "error",
      from: { path: "^src/workflow/" },
      to: {
        path: "^src/",
        pathNot: "^src/(workflow|generated|db|http|users|policies|documents|holidays)/|^src/(config|time|paths|logger)\\.ts$|^src/cases/(schema|case-values|rupiah)\\.ts$|^src/monitoring/periods\\.ts$|^src/search/extractable\\.ts$",
      },
    },
    {
      name: "platform-below-features",
      comment: "The platform (src/platform/) serves every layer and knows none of them: it imports only the database client, the time helpers, the logger and config.",
      severity: "error",
      from: { path: "^src/platform/" },
      to: { path: "^src/", pathNot: "^src/(platform|generated|db)/|^src/(config|time|paths|logger)\\.ts$" },
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
