// Architecture rules (npm run check:arch). Dependencies point down: app/ and worker/ -> lib/ domain ->
// lib/eval, which is pure. Every rule says why; CONTRIBUTING.md lists them.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "eval-is-pure",
      comment:
        "lib/eval is the evaluation core shared by the CLI, the worker and the tests: it imports only itself " +
        "(no packages, no other lib module) and no Node module but worker_threads (no I/O, no framework). " +
        "os is allowed for os.availableParallelism() only: whether a helper thread pays off.",
      severity: "error",
      from: { path: "^lib/eval/" },
      to: {
        pathNot: ["^lib/eval/", "^worker_threads$", "^os$"],
      },
    },
    {
      name: "lib-does-not-import-app-or-worker",
      comment: "lib/ is what app/ and worker/ are built on; importing them back would turn the layers around.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|worker)/" },
    },
    {
      name: "app-does-not-import-worker",
      comment: "The web app and the worker are separate processes that meet only through lib/ (queue, database).",
      severity: "error",
      from: { path: "^app/" },
      to: { path: "^worker/" },
    },
    {
      name: "worker-does-not-import-app",
      comment: "The web app and the worker are separate processes that meet only through lib/ (queue, database).",
      severity: "error",
      from: { path: "^worker/" },
      to: { path: "^app/" },
    },
    {
      name: "scripts-do-not-import-test",
      comment: "scripts/ ship with the product (CLI, benchmarks, migrations); test/ helpers are not part of it.",
      severity: "error",
      from: { path: "^scripts/" },
      to: { path: "^test/" },
    },
    {
      name: "no-cycles-between-lib-folders",
      comment:
        "lib/ folders form layers (e.g. challenges -> submissions -> scheduling); a cycle between two folders, " +
        "even through different files, means neither can be understood, tested or moved alone.",
      severity: "error",
      scope: "folder",
      from: { path: "^lib/[^/]+$" },
      to: { path: "^lib/[^/]+$", circular: true },
    },
    {
      name: "no-import-cycles-across-lib-modules",
      comment:
        "A file-level import cycle that leaves its lib folder (top-level lib files included). Cycles inside one " +
        "folder are that folder's business.",
      severity: "error",
      from: { path: "^lib/([^/]+)" },
      to: { circular: true, viaSomeNot: "^lib/$1" },
    },
    {
      name: "no-unresolvable-imports",
      comment: "An import that resolves to nothing is a typo or a missing dependency.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Imports of these are checked, their insides are not (dependencies and generated code).
    doNotFollow: { path: "^(node_modules|lib/generated)/" },
    // Builds, data and reports are not code (never put node_modules or lib/generated here: an excluded module
    // disappears from the graph, and so would an import of it that breaks a rule).
    // next-env.d.ts is written by next build/dev (git-ignored): type references only, not our code.
    exclude: { path: "^((\\.next[^/]*|test/fixtures|test-results|coverage|data|bench-data|public)/|next-env\\.d\\.ts$)" },
    // Worktrees may link node_modules to another checkout: keep its modules under node_modules/.
    preserveSymlinks: true,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
