import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import type { Provider } from "next-auth/providers/index";
import { env, type Env } from "@/lib/config";
import { sameSitePath } from "@/lib/same-site-path";
import { resolveOAuthUser } from "./oauth-accounts";
import { currentCredentialAttempt } from "./credentials-request";
import { authRateLimiter } from "./rate-limit";
import { SESSION_MAX_AGE_SECONDS, useSecureCookies } from "./session-cookie";
import { endSession, startSession, viewerOfLiveSession } from "./sessions";
import { SIGN_UP_RECEIVED } from "./sign-up-answer";
import { SignUpError, signUp, verifyCredentials } from "./users";

const credentialFields = {
  email: { label: "Email", type: "email" },
  password: { label: "Password", type: "password" },
};

// The route (app/api/auth/[...nextauth]/route.ts) parses the form once and counts the attempt before
// these run, so a refused request can be answered with 429 and Retry-After; authorize() reads that same
// parse (currentCredentialAttempt), never next-auth's `credentials` argument.
const signInProvider = CredentialsProvider({
  id: "credentials",
  name: "Email and password",
  credentials: credentialFields,
  async authorize() {
    const { email, password, ip } = currentCredentialAttempt();
    const user = await verifyCredentials(email, password);
    if (!user) return null;
    await authRateLimiter().recordSuccessfulSignIn(ip, email);
    return { id: user.id, email: user.email, name: user.name };
  },
});

/**
 * Sign-up is a credentials provider too. Every valid sign-up gets the same answer (SIGN_UP_RECEIVED),
 * whether the email was free or already had an account, and signs nobody in: the form then signs in
 * with what was typed, which only succeeds for the account's owner (and counts against sign-in limits).
 */
const signUpProvider = CredentialsProvider({
  id: "signup",
  name: "Create an account",
  credentials: { ...credentialFields, name: { label: "Name", type: "text" } },
  async authorize() {
    // A SignUpError's message lists the problems with the input; next-auth passes it to the form as ?error=.
    try {
      const { email, password, name } = currentCredentialAttempt();
      await signUp({ email, password, name });
    } catch (err) {
      if (err instanceof SignUpError) throw err;
      console.error("Sign-up failed:", err);
      throw new Error("Your account could not be created because of a problem on our side. Try again in a minute.", { cause: err });
    }
    throw new Error(SIGN_UP_RECEIVED);
  },
});

type ProviderSettings = Pick<Env, "GITHUB_ID" | "GITHUB_SECRET" | "OIDC_ISSUER" | "OIDC_CLIENT_ID" | "OIDC_CLIENT_SECRET" | "OIDC_NAME">;

/** GitHub and generic OIDC sign-in, each switched on only when all its variables are set. */
export function optionalProviders(settings: ProviderSettings = env): Provider[] {
  const providers: Provider[] = [];
  if (settings.GITHUB_ID && settings.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: settings.GITHUB_ID, clientSecret: settings.GITHUB_SECRET }));
  }
  if (settings.OIDC_ISSUER && settings.OIDC_CLIENT_ID && settings.OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: settings.OIDC_NAME ?? "Single sign-on",
      type: "oauth",
      wellKnown: `${settings.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: settings.OIDC_CLIENT_ID,
      clientSecret: settings.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email?: string; name?: string; preferred_username?: string; picture?: string }) {
        return {
          id: profile.sub,
          email: profile.email ?? null,
          name: profile.name ?? profile.preferred_username ?? null,
          image: profile.picture ?? null,
        };
      },
    });
  }
  return providers;
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  // JWT cookies: httpOnly and SameSite=Lax (next-auth's defaults), Secure whenever the site is https.
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  useSecureCookies,
  providers: [signInProvider, signUpProvider, ...optionalProviders()],
  pages: { signIn: "/signin", error: "/signin" },
  events: {
    // Signing out ends the session on the server too: a copy of the cookie stops working at once.
    async signOut({ token }) {
      if (typeof token?.sid === "string") await endSession(token.sid);
    },
  },
  callbacks: {
    // Where next-auth sends the browser after signing in or out (callbackUrl): only this site. Its default
    // throws (500) on a URL it cannot parse, such as http://localhost:3000.evil.example/.
    async redirect({ url, baseUrl }) {
      if (url.startsWith("/")) return `${baseUrl}${sameSitePath(url)}`;
      try {
        if (new URL(url).origin === baseUrl) return url;
      } catch {
        // not a URL at all: fall through to the home page
      }
      return baseUrl;
    },
    async signIn({ user, account, profile }) {
      if (!account || account.type !== "oauth") return true;
      const resolved = await resolveOAuthUser(user, account, profile);
      if ("error" in resolved) return `/signin?error=${resolved.code}`; // a code: the page shows only its own texts
      user.id = resolved.userId;
      return true;
    },
    async jwt({ token, user }) {
      // Only the user id and the session id travel in the token; role and rights are read fresh from
      // the database, and the session must still be live there (lib/auth/sessions.ts).
      if (user) return { sub: user.id, email: user.email, name: user.name, sid: await startSession(user.id) };
      // GET /api/auth/session re-issues the cookie: never for an ended session (next-auth clears it on an error).
      const live = typeof token.sid === "string" && typeof token.sub === "string" && (await viewerOfLiveSession(token.sid, token.sub));
      if (!live) throw new Error("This session has ended (signed out, signed out everywhere, or idle).");
      return token;
    },
    async session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.sub } };
    },
  },
};

/** The provider buttons the sign-in page offers besides email and password. */
export function externalSignInProviders(): { id: string; name: string }[] {
  return optionalProviders().map((p) => ({ id: p.id, name: p.name }));
}
