import Link from "next/link";
import { canAdministerUsers } from "@/lib/auth/policy";
import { getViewer } from "@/lib/auth/session";

/** The site nav's entry to the user directory, rendered for site admins only. */
export async function AdminNavItem() {
  if (!canAdministerUsers(await getViewer())) return null;
  return (
    <li>
      <Link href="/admin/users">Users</Link>
    </li>
  );
}
