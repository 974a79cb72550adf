import { parseArgs } from "node:util";
import { createUserWithPassword } from "@/lib/auth/users";
import { readStdin, UsageError, type AdminCommand } from "../command";

const command: AdminCommand = {
  summary: "Create an account with the password read from standard input (--admin: a site admin).",
  usage: "--email EMAIL --password-stdin [--admin] [--name NAME]",
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: "string" },
        "password-stdin": { type: "boolean" },
        admin: { type: "boolean" },
        name: { type: "string" },
      },
    });
    if (!values.email) throw new UsageError("--email is required");
    // Passwords never go on the command line, where other users can read them in the process list.
    if (!values["password-stdin"]) throw new UsageError("--password-stdin is required (pipe the password in)");
    const password = await readStdin();
    const user = await createUserWithPassword({
      email: values.email,
      password,
      name: values.name,
      role: values.admin ? "ADMIN" : "USER",
    });
    console.error(`Created ${user.role === "ADMIN" ? "admin" : "user"} ${user.email}.`);
    console.log(user.id);
  },
};
export default command;
