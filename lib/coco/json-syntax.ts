import "server-only";

export type JsonSyntaxError = { offset: number; message: string };

/** Unwinds the recursive descent from the first error to findJsonSyntaxError's catch. */
class SyntaxErrorFound extends Error {
  constructor(readonly found: JsonSyntaxError) {
    super(found.message);
  }
}

/**
 * Locates the first JSON syntax error in `text` (V8's JSON.parse messages often omit where).
 * Only called after JSON.parse failed, so clarity matters more than speed. `offset` counts
 * UTF-16 units from the start of `text`.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const n = text.length;
  const fail = (message: string): never => {
    throw new SyntaxErrorFound({ offset: i, message });
  };
  const describe = () => {
    if (i >= n) return "the text ends early (truncated file?)";
    const rest = text.slice(i, i + 9);
    if (/^-?(NaN|Infinity)/.test(rest))
      return `found ${rest.match(/^-?(NaN|Infinity)/)![0]}, which JSON cannot represent (write a number, or null)`;
    return `unexpected ${JSON.stringify(text[i])}`;
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(describe());
  };
  const string = () => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) return void i++;
      if (c < 32) fail("a string contains a raw control character (line break or tab); escape it as \\n or \\t");
      if (c === 92) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("bad \\u escape in a string");
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(`bad escape \\${e ?? ""} in a string`);
      } else i++;
    }
    fail("a string is not closed (truncated file?)");
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail(describe());
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail("nesting is deeper than 512 levels");
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a "quoted" key but ${describe()}`);
        string();
        ws();
        if (text[i] !== ":") fail(`expected ':' after a key but ${describe()}`);
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail(`expected ',' or '}' in an object but ${describe()}`);
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail(`expected ',' or ']' in an array but ${describe()}`);
      }
    } else if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) number();
    else fail(describe());
  };
  try {
    value(0);
    ws();
    if (i < n) fail(`unexpected ${JSON.stringify(text[i])} after the end of the JSON value`);
    return null;
  } catch (e) {
    if (e instanceof SyntaxErrorFound) return e.found;
    throw e;
  }
}
