"use client";

import { createContext, useContext } from "react";

/** What the root layout reads from /admin/branding for the brand mark; defaults when nothing is set. */
export type BrandView = { name: string | null; logoPath: string | null };

const BrandContext = createContext<BrandView>({ name: null, logoPath: null });

/**
 * Set once in the root layout. A context, not a database read in the mark itself: the components
 * barrel is imported by client components too, and must not pull in the database.
 */
export function BrandProvider({ value, children }: { value: BrandView; children: React.ReactNode }) {
  return <BrandContext value={value}>{children}</BrandContext>;
}

/**
 * The product's mark in page headers: the uploaded logo when one is set, else the letter tile and
 * the name. `productName` (PRODUCT_NAME) is the fallback when no name is set on /admin/branding.
 */
export function BrandMark({ productName }: { productName: string }) {
  const brand = useContext(BrandContext);
  const name = brand.name ?? productName;
  if (brand.logoPath) {
    // eslint-disable-next-line @next/next/no-img-element -- a stored upload of unknown size, served by our own route
    return <img src={brand.logoPath} alt={name} className="brand__logo" />;
  }
  return (
    <>
      <span className="brand__mark" aria-hidden="true">
        {name.trim().charAt(0).toUpperCase()}
      </span>
      {name}
    </>
  );
}
