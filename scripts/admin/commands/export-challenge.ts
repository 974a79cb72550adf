import { parseArgs } from "node:util";
import { prisma } from "@/lib/db";
import { exportChallengeYaml } from "@/lib/challenges/definition-io";
import { UsageError, type AdminCommand } from "../command";

const command: AdminCommand = {
  summary: "Print a challenge's definition (challenge, phases, protocols, split settings) as YAML.",
  usage: "SLUG",
  async run(args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1) throw new UsageError("give exactly one challenge slug");
    const challenge = await prisma.challenge.findUnique({ where: { slug: positionals[0] }, select: { id: true } });
    if (!challenge) throw new UsageError(`no challenge has the slug "${positionals[0]}"`);
    process.stdout.write(await exportChallengeYaml(challenge.id));
  },
};
export default command;
