import { sameSitePath } from "@/lib/same-site-path";

/** Only same-site paths are followed after sign-in (no open redirect to another site). */
export function safeCallbackUrl(value: string | string[] | undefined): string {
  return sameSitePath(value, "/");
}
