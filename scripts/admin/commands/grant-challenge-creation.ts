import { parseArgs } from "node:util";
import { setCanCreateChallenges } from "@/lib/auth/users";
import type { AdminCommand } from "../command";
import { findUserIdByEmail } from "../find-user";

const command: AdminCommand = {
  summary: "Allow a user to create challenges (--revoke: take the right away). Admins always may.",
  usage: "--email EMAIL [--revoke]",
  async run(args) {
    const { values } = parseArgs({ args, options: { email: { type: "string" }, revoke: { type: "boolean" } } });
    const user = await findUserIdByEmail(values.email);
    await setCanCreateChallenges(user.id, !values.revoke);
    console.error(`${user.email} ${values.revoke ? "may no longer" : "may now"} create challenges.`);
  },
};
export default command;
