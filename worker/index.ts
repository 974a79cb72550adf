// Evaluation worker entry point: `npm run worker` (tsx --conditions=react-server worker/index.ts).
// Scale out by starting more of these against the same Postgres, Redis and DATA_DIR.
// Modules load dynamically so a bad environment prints lib/config's message, not a stack trace.
try {
  const { runWorker } = await import("./main");
  await runWorker();
} catch (err) {
  console.error(`maskboard worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
export {}; // makes this file a module, for the top-level await
