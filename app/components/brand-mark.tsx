import { currentBranding } from "@/lib/branding";

/**
 * The product's mark in page headers: the uploaded logo when one is set, else the letter tile and
 * the name. `productName` (PRODUCT_NAME) is the fallback when no name is set on /admin/branding.
 */
export async function BrandMark({ productName }: { productName: string }) {
  const branding = await currentBranding();
  const name = branding.customName ? branding.productName : productName;
  if (branding.logoPath) {
    // eslint-disable-next-line @next/next/no-img-element -- a stored upload of unknown size, served by our own route
    return <img src={branding.logoPath} alt={name} className="brand__logo" />;
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
