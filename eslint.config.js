// ESLint: typescript-eslint's strict, type-aware rules, and the architecture's own
// rules (docs/architecture.md), which no reviewer should have to remember:
//   - SQL is never built as a string (`*RawUnsafe`): tagged templates only;
//   - who may do what is decided in src/core/policies/ only (no role checks elsewhere);
//   - a route calls a use case and renders: no database call in a routes.ts.
// Run with `npm run lint` (in .ci/run). Folder rules are dependency-cruiser's
// (.dependency-cruiser.cjs); SOP row numbers are checked by test/unit/sop-literals.test.ts,
// which also reads the templates.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export const noRawUnsafe = {
  selector: "MemberExpression[property.name=/RawUnsafe$/]",
  message: "SQL built as a string can be pasted into: use $queryRaw`...` / Prisma.sql tagged templates.",
};
export const noPrismaInRoutes = {
  selector: "MemberExpression[object.name='prisma']",
  message: "A route calls one use case and renders: move the query into the feature's use case (a *-service.ts or its own file).",
};
export const roleChecks = [
  { selector: "CallExpression[callee.name='hasRole']", message: "Role checks live in src/core/policies/: ask a policy (can/scope/authorize)." },
  {
    selector: "CallExpression[callee.property.name=/^(includes|some|every)$/][callee.object.property.name='roles']",
    message: "Role checks live in src/core/policies/: ask a policy (can/scope/authorize).",
  },
];

const readonly = (names) => Object.fromEntries(names.map((name) => [name, "readonly"]));
const nodeGlobals = readonly([
  "process",
  "console",
  "Buffer",
  "URL",
  "URLSearchParams",
  "setTimeout",
  "clearTimeout",
  "setInterval",
  "clearInterval",
  "setImmediate",
  "queueMicrotask",
  "structuredClone",
  "WebAssembly",
  "fetch",
  "AbortController",
  "TextEncoder",
  "TextDecoder",
  "module",
  "require",
  "exports",
  "__dirname",
  "__filename",
]);
const browserGlobals = readonly([
  "window",
  "document",
  "console",
  "setTimeout",
  "clearTimeout",
  "fetch",
  "URL",
  "URLSearchParams",
  "FormData",
  "Intl",
  "Element",
  "HTMLElement",
  "HTMLFormElement",
  "HTMLInputElement",
  "HTMLOptionElement",
  "HTMLSelectElement",
  "Event",
  "CustomEvent",
  "navigator",
  "location",
]);

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "src/generated/**", "public/vendor/**", "data/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "no-restricted-syntax": ["error", noRawUnsafe, ...roleChecks],
      // Numbers and booleans read fine in messages and SQL fragments.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      // `(x) => doSomething(x)` returning void is the codebase's idiom for callbacks.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
    },
  },
  {
    files: ["src/features/*/routes.ts"],
    rules: { "no-restricted-syntax": ["error", noRawUnsafe, ...roleChecks, noPrismaInRoutes] },
  },
  {
    // The policies and the role vocabulary are where role checks belong; tests may look.
    files: ["src/core/policies/**", "src/core/users/roles.ts", "test/**", "bench/**", "scripts/**"],
    rules: { "no-restricted-syntax": ["error", noRawUnsafe] },
  },
  {
    // tsconfig.json (the build) leaves out test/, bench/ and the tool configs, so the project
    // service cannot find them: these are type-checked against tsconfig.test.json, as `npm run
    // typecheck` does. src/ keeps the project service and tsconfig.json.
    files: ["test/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts", "*.config.ts", "public/js/*.d.ts"],
    languageOptions: {
      parserOptions: { projectService: false, project: ["./tsconfig.test.json"], tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // A test that reads `rows[0]!` fails loudly if the row is missing, and the row being there is
    // the test's own expectation: the assertion states it, as src/'s must() does for invariants.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Node's scripts and tool configs (the `globals` package is not installed: the names used).
    files: ["*.js", "*.mjs", "*.cjs", "scripts/**/*.mjs", "scripts/**/*.js", "scripts/**/*.cjs"],
    languageOptions: { globals: nodeGlobals },
  },
  {
    // The browser's scripts, served as they are.
    files: ["public/js/**/*.js"],
    languageOptions: { globals: browserGlobals },
  },
);
