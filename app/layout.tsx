import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteNav } from "@/app/_components/site-nav";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Maskboard", template: "%s · Maskboard" },
  description: "Instance segmentation challenges scored with COCO mask mAP.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/** Every page has one <main> (this one): pages render their content into it, never a <main> of their own. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <SiteNav />
        <main id="main" className="page" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
