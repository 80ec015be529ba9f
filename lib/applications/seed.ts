import { z } from "zod";
import { ConfigError } from "@/lib/config";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createApplication, setApplicationSecret } from "./applications";
import { applicationsChanged } from "./changes";
import { applicationInputSchema, type ApplicationInput } from "./schemas";

const seededSchema = z.array(applicationInputSchema.extend({ client_id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/), client_secret: z.string().regex(/^[A-Za-z0-9_-]{32,128}$/) })).max(50);

/** SEED_APPLICATIONS read and checked: a bad value stops the start in one line. */
export function parseSeededApplications(json: string): (ApplicationInput & { client_id: string; client_secret: string })[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ConfigError("SEED_APPLICATIONS must be a JSON array of applications.");
  }
  const parsed = seededSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`SEED_APPLICATIONS: ${issue.path.join(".")} ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Each application as given, with its secret: a row of the same client_id is replaced, so the
 * configuration stays the one truth across restarts (an example app's, a test's). Replacing the
 * row is safe: grants and tokens refer to the client_id, not to the row.
 */
export async function seedApplications(json: string): Promise<string[]> {
  const specs = parseSeededApplications(json);
  const db = await prisma();
  for (const { client_secret: secret, ...input } of specs) {
    await db.application.deleteMany({ where: { id: input.client_id } });
    applicationsChanged();
    try {
      await createApplication(input);
    } catch (error) {
      if (error instanceof AppError && error.code === "INVALID_INPUT") {
        const fields = Object.values(error.fields ?? {});
        throw new ConfigError(`SEED_APPLICATIONS: ${input.client_id}: ${fields[0] ?? error.message}`);
      }
      throw error;
    }
    await setApplicationSecret(input.client_id, secret);
  }
  return specs.map((s) => s.client_id);
}
