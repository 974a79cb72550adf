import Link from "next/link";

export const metadata = { title: "Not allowed" };

// Rendered with status 403 wherever a page calls forbidden(): the viewer is signed in and may see
// the resource, but not do this with it (e.g. a participant opening a challenge's organizer pages).
// It gets no props, so it explains the cases it is used for and how to get access in each.
export default function Forbidden() {
  return (
    <section aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">You are not allowed to open this page</h1>
      <p>
        You are signed in, but your account does not have access here (HTTP 403). Organizer pages of a challenge are open only to that
        challenge&apos;s organizers, and creating a challenge needs the right to create challenges.
      </p>
      <h2>What you can do</h2>
      <ul>
        <li>
          If you organize this challenge, check which account you are signed in with (top right) and sign in with the one its organizers
          added.
        </li>
        <li>
          To become a co-organizer, create an account if you have none, then ask one of the challenge&apos;s organizers to add your e-mail
          address (the &ldquo;Challenge&rdquo; tab of their console).
        </li>
        <li>To create challenges, ask a site admin to give your account the right to create challenges.</li>
        <li>
          To take part in a challenge, open it from the <Link href="/">list of challenges</Link> and register a team there.
        </li>
      </ul>
      <p>
        <Link href="/">All challenges</Link> · <Link href="/manage">Challenges you organize</Link>
      </p>
    </section>
  );
}
