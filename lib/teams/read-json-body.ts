import "server-only";
import type { z } from "zod";
import { InputError } from "@/lib/auth/input-error";
import { readBodyText } from "@/lib/request-body";

/** Parses a JSON request body with `schema`; malformed JSON is a 400 that says so. */
export async function readJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const text = await readBodyText(req);
  let body: unknown;
  try {
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch (err) {
    throw new InputError(400, "invalid_json", `The request body is not valid JSON (${(err as Error).message}). Send Content-Type: application/json.`);
  }
  return schema.parse(body);
}
