// `npm run admin -- <command> [args]`: operator commands. Each command is one file in
// scripts/admin/commands/<command>.ts (see scripts/admin/command.ts).
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { errorReport, oneLine } from "@/lib/errors";
import { UsageError, type AdminCommand } from "./admin/command";

const commandsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "admin", "commands");

async function commandNames(): Promise<string[]> {
  const files = await readdir(commandsDir);
  return files
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function loadCommand(name: string): Promise<AdminCommand> {
  const mod = (await import(pathToFileURL(path.join(commandsDir, `${name}.ts`)).href)) as { default: AdminCommand };
  return mod.default;
}

async function printHelp(): Promise<void> {
  console.error("Usage: npm run admin -- <command> [arguments]\n\nCommands:");
  for (const name of await commandNames()) {
    const command = await loadCommand(name);
    console.error(`  ${name} ${command.usage}\n      ${command.summary}`);
  }
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  if (!name || name === "help" || name === "--help") {
    await printHelp();
    return name ? 0 : 2;
  }
  const names = await commandNames();
  if (!/^[a-z0-9-]+$/.test(name) || !names.includes(name)) {
    console.error(`Unknown command "${name}". Commands: ${names.join(", ")}. Run \`npm run admin -- help\` for details.`);
    return 2;
  }
  const command = await loadCommand(name);
  try {
    await command.run(args);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${name}: ${err.message}\nUsage: npm run admin -- ${name} ${command.usage}`);
      return 2;
    }
    const report = errorReport(err);
    if (report.fault === "user") {
      console.error(`${name}: ${oneLine(report)}`);
      return 1;
    }
    throw err;
  }
}

main().then(
  async (code) => {
    await disconnect();
    process.exit(code);
  },
  async (err) => {
    console.error(err);
    await disconnect();
    process.exit(1);
  },
);

/** Closes the database pool if a command opened it, so the process can exit promptly. */
async function disconnect(): Promise<void> {
  const { prisma } = await import("@/lib/db");
  await prisma.$disconnect().catch(() => {});
}
