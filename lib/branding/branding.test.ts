import { afterEach, describe, expect, it } from "vitest";
import { overrideConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { testDatabaseKinds, useTestDatabase } from "@/lib/testing/database";
import {
  accentTextColor,
  brandingAsset,
  brandingCss,
  brandingSettingsSchema,
  contrastRatio,
  currentBranding,
  emailBrand,
  failsWhiteText,
  normalizeHexColor,
  readBrandingUpload,
  readBrandingUploads,
  saveBranding,
  sniffImageType,
} from "@/lib/branding";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const SVG = new TextEncoder().encode('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
const form = (fields: Record<string, string>) => brandingSettingsSchema.safeParse(fields);

describe("branding colours", () => {
  it("validates and normalises hex colours", () => {
    expect(normalizeHexColor("#ABC")).toBe("#aabbcc");
    expect(normalizeHexColor("4F46E5")).toBe("#4f46e5");
    expect(normalizeHexColor("red")).toBeUndefined();
    expect(normalizeHexColor("#12345")).toBeUndefined();
    expect(normalizeHexColor("#123456;}body{x:y")).toBeUndefined();
    expect(form({ primaryColor: "#4F46E5", backgroundColor: "" }).data).toMatchObject({ primaryColor: "#4f46e5", backgroundColor: null });
    const bad = form({ primaryColor: "blue;}*{display:none" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("Enter a colour like #4f46e5.");
  });

  it("measures contrast as WCAG does and picks black text when white fails AA", () => {
    expect(contrastRatio("#ffffff", "#000000")).toBe(21);
    expect(contrastRatio("#4f46e5", "#ffffff")).toBeCloseTo(6.29, 1);
    expect(contrastRatio("#ffcc00", "#ffffff")).toBeCloseTo(1.51, 2);
    expect(accentTextColor("#4f46e5")).toBe("#ffffff");
    expect(accentTextColor("#ffcc00")).toBe("#000000");
    // #777777 is 4.48:1 with white: just under AA.
    expect(accentTextColor("#777777")).toBe("#000000");
    expect(accentTextColor("#767676")).toBe("#ffffff");
  });
});

describe("branding files", () => {
  // Regression: a forged action call whose "form" was a string threw "a.get is not a function".
  it("reads a forged action argument as a form with no files", async () => {
    for (const forged of [undefined, null, "x", 1, { get: 1 }, ["logo"]]) await expect(readBrandingUploads(forged)).resolves.toEqual({});
    const real = new FormData();
    real.set("logo", new File([PNG], "logo.png"));
    await expect(readBrandingUploads(real)).resolves.toMatchObject({ logo: { type: "image/png" } });
  });

  it("recognises images by their bytes, not their name", () => {
    expect(sniffImageType(PNG)).toBe("image/png");
    expect(sniffImageType(SVG)).toBe("image/svg+xml");
    expect(sniffImageType(new Uint8Array([0, 0, 1, 0, 1, 0]))).toBe("image/x-icon");
    expect(sniffImageType(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffImageType(new TextEncoder().encode("<html><script>alert(1)</script></html>"))).toBeUndefined();
    expect(sniffImageType(new TextEncoder().encode("GIF89a"))).toBeUndefined();
  });

  it("refuses a file that is too large or not an accepted image, naming the field", async () => {
    const big = new File([new Uint8Array(129 * 1024)], "f.ico");
    await expect(readBrandingUpload("favicon", big)).rejects.toMatchObject({ code: "INVALID_INPUT", fields: { favicon: "The favicon is larger than 128 KB." } });
    const html = new File(["<html></html>"], "logo.png", { type: "image/png" });
    const error = await readBrandingUpload("logo", html).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields).toEqual({ logo: "The logo must be a PNG, SVG, ICO or WebP image." });
    expect(await readBrandingUpload("logo", new File([PNG], "x"))).toMatchObject({ type: "image/png" });
  });
});

describe.each(testDatabaseKinds())("branding settings (%s)", (kind) => {
  useTestDatabase(kind);
  afterEach(() => overrideConfig({}));

  it("defaults to PRODUCT_NAME and no overrides, then applies what an admin saves", async () => {
    overrideConfig({ PRODUCT_NAME: "Rekey", PUBLIC_URL: "https://id.example.test" });
    await saveBranding({ productName: null, primaryColor: null, backgroundColor: null, removeLogo: true, removeFavicon: true }, { id: "admin" });
    const initial = await currentBranding();
    expect(initial).toMatchObject({ productName: "Rekey", logoPath: null, faviconPath: null, primaryColor: null });
    expect(brandingCss(initial)).toBe("");

    const saved = await saveBranding(
      { productName: "Acme ID", primaryColor: "#ffcc00", backgroundColor: "#fffbeb", removeLogo: false, removeFavicon: false, logo: { bytes: SVG, type: "image/svg+xml" } },
      { id: "admin" },
    );
    expect(saved.productName).toBe("Acme ID");
    expect(saved.primaryTextColor).toBe("#000000");
    expect(failsWhiteText(saved)).toBe(true);
    expect(saved.logoPath).toMatch(/^\/branding\/logo\?v=[0-9a-f]{16}$/);
    expect(brandingCss(saved)).toContain("--color-accent:#ffcc00;");
    expect(brandingCss(saved)).toContain("--color-accent-text:#000000;");
    expect(brandingCss(saved)).toContain("@media (prefers-color-scheme: light){:root{--color-bg:#fffbeb;}}");
    expect(await emailBrand()).toEqual({ name: "Acme ID", color: "#ffcc00", textColor: "#000000", logoUrl: `https://id.example.test${saved.logoPath}` });
    const logo = await brandingAsset("logo");
    expect(logo?.type).toBe("image/svg+xml");
    expect(Buffer.from(logo!.bytes).equals(Buffer.from(SVG))).toBe(true);
    expect(await brandingAsset("favicon")).toBeNull();

    // Saving again without a file keeps the logo; the removal box restores the letter tile.
    expect((await saveBranding({ productName: "Acme ID", primaryColor: null, backgroundColor: null, removeLogo: false, removeFavicon: false }, { id: "admin" })).logoPath).toBe(saved.logoPath);
    expect((await saveBranding({ productName: null, primaryColor: null, backgroundColor: null, removeLogo: true, removeFavicon: false }, { id: "admin" })).logoPath).toBeNull();
  });
});
