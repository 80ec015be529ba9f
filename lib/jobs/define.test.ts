import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob, PermanentJobError, type JobContext } from "@/lib/jobs";

const greetJob = defineJob({ type: "test.greet", schema: z.object({ name: z.string().min(1), at: z.iso.datetime() }) });

function contextOf(payload: unknown): JobContext {
  return { id: "job-1", type: greetJob.type, payload, attempt: 1, maxAttempts: 5, signal: new AbortController().signal };
}

describe("defineJob", () => {
  it("builds the job a producer enqueues, with its type, parsed payload and options", () => {
    const runAt = new Date("2026-01-01T00:00:00Z");
    expect(greetJob.job({ name: "Ada", at: "2026-01-01T00:00:00Z" }, { runAt, maxAttempts: 2 })).toEqual({
      type: "test.greet",
      payload: { name: "Ada", at: "2026-01-01T00:00:00Z" },
      runAt,
      maxAttempts: 2,
    });
  });

  it("refuses at the producer a payload the consumer would refuse, so it throws in the producer's transaction", () => {
    // @ts-expect-error the payload's type is the schema's input: a number is no name.
    expect(() => greetJob.job({ name: 42, at: "2026-01-01T00:00:00Z" })).toThrow(z.ZodError);
    expect(() => greetJob.job({ name: "", at: "yesterday" })).toThrow(z.ZodError);
  });

  it("hands the consumer the parsed payload and the job, and returns what it returns", async () => {
    const seen: unknown[] = [];
    const handler = greetJob.handle(async (payload, job) => {
      seen.push(payload.name, job.id);
      return { payload: { greeted: payload.name } };
    });
    await expect(handler(contextOf({ name: "Ada", at: "2026-01-01T00:00:00Z" }))).resolves.toEqual({ payload: { greeted: "Ada" } });
    expect(seen).toEqual(["Ada", "job-1"]);
  });

  it("makes a stored payload that fails the schema a permanent failure naming the type and the field, without running the consumer", async () => {
    let ran = false;
    const handler = greetJob.handle(async () => {
      ran = true;
    });
    const failure = handler(contextOf({ name: "Ada", at: "not a time" }));
    await expect(failure).rejects.toBeInstanceOf(PermanentJobError);
    await expect(failure).rejects.toThrow(/^Invalid test\.greet payload: at: /);
    expect(ran).toBe(false);
  });
});
