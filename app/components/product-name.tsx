"use client";

import { createContext, useContext } from "react";

const ProductNameContext = createContext("");

/**
 * The product name (configuration, read on the server by the root layout) for client components
 * that render without a page of their own: the error boundary (app/error.tsx).
 */
export function ProductNameProvider({ name, children }: { name: string; children: React.ReactNode }) {
  return <ProductNameContext value={name}>{children}</ProductNameContext>;
}

export function useProductName(): string {
  return useContext(ProductNameContext);
}
