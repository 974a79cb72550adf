"use client";

import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";

/**
 * The site nav's links and user menu. Wide screens show them in one row; below 720 px they fold
 * behind a "Menu" button (aria-expanded) and close again on navigation.
 */
export function SiteMenu({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  // The menu is open on the page where it was opened: navigating closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  return (
    <>
      <button
        type="button"
        className="site-menu-toggle secondary"
        aria-expanded={open}
        aria-controls="site-menu"
        onClick={() => setOpenOn(open ? null : pathname)}
      >
        <span aria-hidden="true">☰</span> Menu
      </button>
      <div id="site-menu" className="site-menu" data-open={open ? "true" : undefined}>
        {children}
      </div>
    </>
  );
}
