// ?ok= / ?error= carry signed notices (lib/notices.ts): a page shows only text the server wrote for
// this viewer, never text from a link (phishing on the real domain).
import { describe, expect, it } from "vitest";
import { readNotice, signNotice } from "@/lib/notices";
import { anonymousViewer } from "@/lib/auth/viewer";
import { createUser } from "../helpers/factories";

describe("signed notices", () => {
  it("a notice reads back for its viewer and kind only", async () => {
    const [me, other] = [await createUser(), await createUser()];
    const value = signNotice(me.viewer, "error", "Phase test not found.");
    expect(readNotice(me.viewer, "error", value)).toBe("Phase test not found.");
    expect(readNotice(me.viewer, "ok", value)).toBeNull();
    expect(readNotice(other.viewer, "error", value)).toBeNull();
    expect(readNotice(anonymousViewer, "error", value)).toBeNull();
  });

  it("plain or tampered text is not shown", async () => {
    const me = await createUser();
    const value = signNotice(me.viewer, "ok", "Saved.");
    for (const forged of [
      "Your account is locked: call +1 555 0100",
      `${value.split(".")[0]}.Call +1 555 0100`,
      ".Saved.",
      "",
      undefined,
    ]) {
      expect(readNotice(me.viewer, "ok", forged)).toBeNull();
    }
    expect(readNotice(me.viewer, "ok", [value, "x"])).toBe("Saved.");
  });
});
