/** `#rrggbb`, the only colour form Rekey stores: it goes into CSS and email style attributes. */
export const HEX_COLOR = /^#[0-9a-f]{6}$/;

/** `#ABC`, `abc`, `#AABBCC` → `#aabbcc`; anything else → undefined. */
export function normalizeHexColor(input: string): string | undefined {
  const value = input.trim().toLowerCase().replace(/^#?/, "#");
  if (/^#[0-9a-f]{3}$/.test(value)) return `#${[...value.slice(1)].map((c) => c + c).join("")}`;
  return HEX_COLOR.test(value) ? value : undefined;
}

function channels(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2 contrast ratio between two `#rrggbb` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** WCAG AA for normal text. */
export const AA_CONTRAST = 4.5;

/**
 * The text colour for a button of this colour: white when white meets WCAG AA on it, else black
 * (every colour that fails with white reaches at least 4.5:1 with black).
 */
export function accentTextColor(background: string): "#ffffff" | "#000000" {
  return contrastRatio(background, "#ffffff") >= AA_CONTRAST ? "#ffffff" : "#000000";
}

/** The hover shade: 12% towards black, or towards white for a colour that black text sits on. */
export function hoverColor(hex: string): string {
  const target = accentTextColor(hex) === "#ffffff" ? 0 : 255;
  return `#${channels(hex)
    .map((c) => Math.round(c + (target - c) * 0.12).toString(16).padStart(2, "0"))
    .join("")}`;
}
