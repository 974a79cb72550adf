import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { prisma } from "@/lib/db";
import { CocoValidationError } from "@/lib/coco";
import { importChallengeDefinition } from "@/lib/challenges/definition-io";
import { ChallengeError } from "@/lib/challenges/errors";
import { parseChallengeYaml } from "@/lib/challenges/yaml";
import { UsageError, type AdminCommand } from "../command";

function groundTruthArgs(values: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq <= 0 || eq === value.length - 1) throw new UsageError(`--ground-truth takes PHASE=PATH, got "${value}"`);
    const file = value.slice(eq + 1);
    if (!existsSync(file)) throw new UsageError(`--ground-truth ${value}: no such file ${file}`);
    map[value.slice(0, eq)] = file;
  }
  return map;
}

const command: AdminCommand = {
  summary: "Create or update a challenge from a YAML definition (idempotent); optionally upload phase ground truths and add an organizer.",
  usage: "FILE [--ground-truth PHASE=PATH ...] [--organizer EMAIL] [--confirm-replace]",
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        "ground-truth": { type: "string", multiple: true },
        organizer: { type: "string" },
        "confirm-replace": { type: "boolean" },
      },
    });
    if (positionals.length !== 1) throw new UsageError("give exactly one YAML file");
    const file = positionals[0];
    const text = await readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
    });
    const organizer = values.organizer
      ? await prisma.user.findFirst({
          where: { email: { equals: values.organizer.trim(), mode: "insensitive" } },
          select: { id: true, email: true },
        })
      : null;
    if (values.organizer && !organizer)
      throw new UsageError(`no account uses ${values.organizer}: create it first (npm run admin -- create-user ...)`);
    try {
      const parsed = parseChallengeYaml(text, file);
      const result = await importChallengeDefinition(parsed, {
        actorId: organizer?.id ?? null,
        organizerEmail: organizer?.email,
        groundTruths: groundTruthArgs(values["ground-truth"] ?? []),
        confirmReplace: values["confirm-replace"] ?? false,
      });
      for (const line of result.log) console.error(line);
      console.log(parsed.definition.slug);
    } catch (err) {
      if (err instanceof CocoValidationError) throw new ChallengeError(422, err.code, `ground truth rejected: ${err.message}`);
      throw err;
    }
  },
};
export default command;
