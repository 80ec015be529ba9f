import { hashPassword, isInHistory, verifyPassword } from "@/lib/passwords";
import { overrideConfig } from "@/lib/config";
overrideConfig({ LOG_LEVEL: "warn" });
const h = await hashPassword("Quiet-Harbor-Lantern-4711");
for (let r = 0; r < 3; r++) {
  let s = performance.now();
  for (let i = 0; i < 10; i++) await Promise.all([hashPassword("New-pass-abc-123"), isInHistory("New-pass-abc-123", [h])]);
  console.log("hash||hist1", ((performance.now() - s) / 10).toFixed(1));
  s = performance.now();
  for (let i = 0; i < 10; i++) await hashPassword("New-pass-abc-123");
  console.log("hash", ((performance.now() - s) / 10).toFixed(1));
  s = performance.now();
  for (let i = 0; i < 10; i++) await verifyPassword(h, "New-pass-abc-123");
  console.log("verify", ((performance.now() - s) / 10).toFixed(1));
}
