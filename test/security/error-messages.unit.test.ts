// Error text shown to users carries what they need, never server internals: the organizer pages'
// describeError hides database and file-system errors (they have a string `code` too), and the API's
// apiErrorResponse answers 500 without the message.
import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { apiErrorResponse } from "@/lib/auth/api-error-response";
import { describeError } from "@/lib/challenges/describe-error";
import { ChallengeError } from "@/lib/challenges/errors";
import { ProtocolError } from "@/lib/challenges/protocol";

const prismaError = () =>
  new Prisma.PrismaClientKnownRequestError(
    "Invalid `prisma.challenge.update()` invocation in /srv/maskboard/lib/challenges/challenges.ts:88:5\nUnique constraint failed on the fields: (`slug`)",
    {
      code: "P2002",
      clientVersion: "7",
    },
  );

function fsError(): Error {
  return Object.assign(new Error("ENOENT: no such file or directory, open '/srv/data/objects/ab/cd/abcd1234'"), { code: "ENOENT" });
}

describe("describeError (organizer pages' ?error=)", () => {
  it("shows refusals meant for the user", () => {
    expect(describeError(new ChallengeError(409, "slug_taken", 'The slug "x" is taken.'))).toBe('The slug "x" is taken.');
    expect(describeError(new ProtocolError("iouThresholds must rise"))).toBe("iouThresholds must rise");
  });

  it("hides database and file-system errors behind a generic line", () => {
    for (const err of [prismaError(), fsError()]) {
      const text = describeError(err);
      expect(text).not.toMatch(/prisma|\/srv|ENOENT|P2002/);
      expect(text).toMatch(/went wrong on our side/);
    }
  });
});

describe("apiErrorResponse", () => {
  it("answers 500 without the message of an unexpected error", async () => {
    for (const err of [prismaError(), fsError()]) {
      const res = apiErrorResponse(err);
      expect(res.status).toBe(500);
      expect(await res.text()).not.toMatch(/prisma|\/srv|ENOENT/);
    }
  });
});
