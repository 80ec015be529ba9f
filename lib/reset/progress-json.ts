import type { Prisma } from "@/lib/db";
import type { PostChallengeProgress } from "./progress";

/** A flow's progress as stored: plain JSON, cleared fields (undefined) left out. */
export function progressJson(progress: PostChallengeProgress): Prisma.JsonObject {
  return JSON.parse(JSON.stringify(progress)) as Prisma.JsonObject;
}
