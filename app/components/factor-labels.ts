// The labels belong to the factor registry (lib/factors/registry.ts); pages import them from here.
export { FACTOR_LABELS } from "@/lib/factors/registry";
