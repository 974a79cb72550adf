// next-auth reports failures as short codes; anything else is already a sentence from lib/auth.
const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password.",
  AccessDenied: "You are not allowed to sign in.",
  OAuthSignin: "Could not start signing in with that provider. Try again.",
  OAuthCallback: "The provider's answer could not be verified. Try again.",
  OAuthAccountNotLinked: "This email already has an account: sign in with your password.",
  SessionRequired: "Sign in to see that page.",
  SignUpThenSignInFailed:
    "Could not sign you in with this email and password. If the email already had an account, sign in with its password.",
  Callback: "Signing in failed. Try again.",
  Default: "Signing in failed. Try again.",
};

export function signInErrorMessage(code: string): string {
  return MESSAGES[code] ?? code;
}

// ?ok= codes other pages redirect here with; unknown codes show nothing (never the query text itself).
const NOTICES: Record<string, string> = {
  signed_out_everywhere: "You are signed out everywhere: every browser must sign in again.",
  password_changed: "Your password is changed and every session ended. Sign in with the new password.",
};

export function signInNotice(code: string | string[] | undefined): string | null {
  return typeof code === "string" && Object.hasOwn(NOTICES, code) ? NOTICES[code] : null;
}
