// Runs a command (the test run's Next server) and stops it when the vitest process that owns the
// run (pid in argv[2]) is gone, so a killed test run cannot leave a server behind.
import { spawn } from "node:child_process";

const [ownerPid, command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: "inherit" });
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => child.kill(signal));
const watch = setInterval(() => {
  try {
    process.kill(Number(ownerPid), 0);
  } catch {
    child.kill("SIGTERM");
  }
}, 2000);
child.on("exit", (code, signal) => {
  clearInterval(watch);
  process.exit(code ?? (signal ? 1 : 0));
});
