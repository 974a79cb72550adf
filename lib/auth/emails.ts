/** Emails are compared case-insensitively; we store them trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailProblem(email: string): string | null {
  if (email.length > 254) return "Email address is longer than 254 characters.";
  if (!EMAIL_PATTERN.test(email)) return `"${email}" is not an email address (expected name@example.org).`;
  return null;
}
