"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";

/**
 * The site nav's links and user menu. Wide screens show them in one row; below 720 px they fold
 * behind a "Menu" button (aria-expanded) and close again on navigation.
 */
export function SiteMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setOpen(false), [pathname]);
  return (
    <>
      <button
        type="button"
        className="site-menu-toggle secondary"
        aria-expanded={open}
        aria-controls="site-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">☰</span> Menu
      </button>
      <div id="site-menu" className="site-menu" data-open={open ? "true" : undefined}>
        {children}
      </div>
    </>
  );
}
