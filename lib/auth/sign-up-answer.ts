/**
 * What the sign-up provider answers (as next-auth's ?error= code) for every valid sign-up, whether the
 * email was free or already had an account: one answer, so the form cannot tell which emails have
 * accounts. The form then signs in with the typed email and password (lib/auth/users.ts signUp).
 */
export const SIGN_UP_RECEIVED = "SignUpReceived";
