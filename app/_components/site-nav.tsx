import Link from "next/link";
import { UserMenu } from "@/app/_components/account/user-menu";
import { AdminNavItem } from "@/app/_components/admin-nav-item";
import { SiteMenu } from "@/app/_components/site-menu";

export function SiteNav() {
  return (
    <header className="site-nav">
      <nav aria-label="Main">
        <Link href="/" className="brand">
          Maskboard
        </Link>
        <SiteMenu>
          <ul>
            <li>
              <Link href="/">Challenges</Link>
            </li>
            <li>
              <Link href="/teams">Teams</Link>
            </li>
            <li>
              <Link href="/settings/tokens">API tokens</Link>
            </li>
            <li>
              <Link href="/manage">Organize</Link>
            </li>
            <AdminNavItem />
          </ul>
          <div className="user-menu">
            <UserMenu />
          </div>
        </SiteMenu>
      </nav>
    </header>
  );
}
