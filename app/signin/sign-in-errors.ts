// next-auth reports failures as short codes; anything else is already a sentence from lib/auth.
const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password.",
  AccessDenied: "You are not allowed to sign in.",
  OAuthSignin: "Could not start signing in with that provider. Try again.",
  OAuthCallback: "The provider's answer could not be verified. Try again.",
  OAuthAccountNotLinked: "This email already has an account: sign in with your password.",
  OAuthNoEmail: "The provider did not share an email address: make one visible there and try again.",
  RateLimited: "Too many sign-in attempts. Wait a few minutes and try again.",
  SessionRequired: "Sign in to see that page.",
  SignUpThenSignInFailed:
    "Could not sign you in with this email and password. If the email already had an account, sign in with its password.",
  Callback: "Signing in failed. Try again.",
  Default: "Signing in failed. Try again.",
};

/** The form's message for next-auth's answer to its own request (a code, or a sentence from lib/auth). */
export function signInErrorMessage(code: string): string {
  return MESSAGES[code] ?? code;
}

/** The sign-in page's message for ?error= in its URL: known codes only, never the query text itself. */
export function signInPageError(code: string | string[] | undefined): string | null {
  if (typeof code !== "string" || code === "") return null;
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : MESSAGES.Default;
}

// ?ok= codes other pages redirect here with; unknown codes show nothing (never the query text itself).
const NOTICES: Record<string, string> = {
  signed_out_everywhere: "You are signed out everywhere: every browser must sign in again.",
  password_changed: "Your password is changed and every session ended. Sign in with the new password.",
};

export function signInNotice(code: string | string[] | undefined): string | null {
  return typeof code === "string" && Object.hasOwn(NOTICES, code) ? NOTICES[code] : null;
}
