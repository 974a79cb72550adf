// ESLint flat config: typescript-eslint with type information, Next's rules for app/, React's hooks
// rules for components. Formatting is Prettier's job (npm run format), not ESLint's.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "lib/generated/",
      ".next/",
      ".next-*/",
      "next-env.d.ts",
      "data/",
      "bench-data/",
      "test/fixtures/",
      "test-results/",
      "coverage/",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Unused names are noise; a leading underscore says "on purpose".
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // `import type` keeps server-only modules out of client bundles and type-only imports out of the output.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // ...and an import of types only is `import type {...}`, which leaves no side-effect import behind.
      "@typescript-eslint/no-import-type-side-effects": "error",
      // Promises must be awaited, returned or explicitly voided: a forgotten one loses its error.
      "@typescript-eslint/no-floating-promises": "error",
      // JSX event handlers may return promises (React ignores the value).
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      // A switch over a union either names every member or says what the rest do (default).
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      // async without await is how an interface's promise-returning member is written (next-auth callbacks,
      // next.config headers); the dangerous mistakes are caught by no-floating-promises and no-misused-promises.
      "@typescript-eslint/require-await": "off",
      // Passing on a caught or unknown reason is fine; rejecting with a string or a plain object is not.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingAny: true, allowThrowingUnknown: true }],
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-console": "off",
    },
  },
  {
    // Tests read untyped JSON (responses, fixtures) and check it with expect(), which is the type check
    // that matters there; typing every body only to satisfy no-unsafe-* would add casts, not safety.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "@next/next": nextPlugin },
    rules: { ...nextPlugin.configs.recommended.rules, ...nextPlugin.configs["core-web-vitals"].rules },
    settings: { next: { rootDir: import.meta.dirname } },
  },
  {
    files: ["**/*.tsx"],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Plain JavaScript is outside the TypeScript project: lint it without type information.
    files: ["**/*.{js,mjs,cjs}"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
    rules: { "@typescript-eslint/consistent-type-imports": "off", "@typescript-eslint/no-import-type-side-effects": "off" },
  },
);
