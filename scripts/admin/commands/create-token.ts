import { parseArgs } from "node:util";
import { createApiToken } from "@/lib/auth/tokens";
import type { AdminCommand } from "../command";
import { findUserIdByEmail } from "../find-user";

const command: AdminCommand = {
  summary: "Create an API token for a user and print it (only once: just its hash is stored).",
  usage: "--email EMAIL [--name NAME]",
  async run(args) {
    const { values } = parseArgs({ args, options: { email: { type: "string" }, name: { type: "string" } } });
    const user = await findUserIdByEmail(values.email);
    const { token } = await createApiToken(user.id, values.name ?? "admin-cli");
    console.error(`API token for ${user.email} (send it as "Authorization: Bearer <token>"):`);
    console.log(token);
  },
};
export default command;
