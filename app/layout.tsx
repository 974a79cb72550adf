import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteNav } from "@/app/_components/site-nav";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Maskboard", template: "%s · Maskboard" },
  description: "Instance segmentation challenges scored with COCO mask mAP.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <SiteNav />
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
