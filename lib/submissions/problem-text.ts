// A stored failure message as the pages show it: the headline, then one list item per problem.
// CocoValidationError writes "3 problem(s) found:\n  - first\n  - second\n  ... and 1 more problem(s)".

export type ProblemText = { headline: string; items: string[]; more: string | null };

export function splitProblems(message: string): ProblemText {
  const lines = message.split("\n");
  const items: string[] = [];
  let more: string | null = null;
  const head: string[] = [];
  for (const line of lines) {
    const item = /^\s+- (.*)$/.exec(line);
    const rest = /^\s+\.\.\. (and .*)$/.exec(line);
    if (item) items.push(item[1]);
    else if (rest && items.length > 0) more = rest[1];
    else if (items.length === 0) head.push(line);
    else items[items.length - 1] += `\n${line}`;
  }
  return { headline: head.join("\n").replace(/:\s*$/, items.length > 0 ? ":" : ""), items, more };
}
