import { createWorker } from "@/lib/jobs";
import { jobHandlers } from "./job-handlers";

/** The worker that runs inside the web server (the default, and the only choice on PGlite). */
export function startInProcessWorker() {
  const worker = createWorker({ handlers: jobHandlers() });
  worker.start();
  return worker;
}
