// The architecture's own lint rules only, without type information: fast, and run
// by .ci/run (`npm run lint:arch`) beside the strict type-aware set (eslint.config.js,
// `npm run lint`). Same rules, same messages.
import tseslint from "typescript-eslint";
import { noPrismaInRoutes, noRawUnsafe, roleChecks } from "./eslint.config.js";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "src/generated/**"] },
  { linterOptions: { reportUnusedDisableDirectives: "off" } },
  {
    files: ["src/**/*.ts"],
    languageOptions: { parser: tseslint.parser },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: { "no-restricted-syntax": ["error", noRawUnsafe, ...roleChecks] },
  },
  { files: ["src/features/*/routes.ts"], rules: { "no-restricted-syntax": ["error", noRawUnsafe, ...roleChecks, noPrismaInRoutes] } },
  { files: ["src/core/policies/**", "src/core/users/roles.ts"], rules: { "no-restricted-syntax": ["error", noRawUnsafe] } },
);
