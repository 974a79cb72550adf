/**
 * One admin command: a file in scripts/admin/commands/ named after the command, exporting these.
 * Adding a command is adding a file; scripts/admin.ts finds it by name.
 */
export type AdminCommand = {
  /** One line for `npm run admin -- help`. */
  summary: string;
  /** The arguments, e.g. "--email EMAIL [--name NAME]". */
  usage: string;
  /** Results go to stdout (so scripts can capture them), messages to stderr. Throw UsageError for bad arguments. */
  run(args: string[]): Promise<void>;
};

/** Bad command-line arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('expected the value on standard input, e.g. `echo "$PASSWORD" | npm run admin -- ...`');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}
