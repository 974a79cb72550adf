// next-auth reports failures as short codes; anything else is already a sentence from lib/auth.
const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password.",
  AccessDenied: "You are not allowed to sign in.",
  OAuthSignin: "Could not start signing in with that provider. Try again.",
  OAuthCallback: "The provider's answer could not be verified. Try again.",
  OAuthAccountNotLinked: "This email already has an account: sign in with your password.",
  SessionRequired: "Sign in to see that page.",
  Callback: "Signing in failed. Try again.",
  Default: "Signing in failed. Try again.",
};

export function signInErrorMessage(code: string): string {
  return MESSAGES[code] ?? code;
}
