import { config } from "@/lib/config";
import type { WorkerLogger } from "./types";

const LEVELS = ["debug", "info", "warn", "error", "silent"] as const;

/** Console logger honouring LOG_LEVEL. */
export function consoleLogger(): WorkerLogger {
  const threshold = LEVELS.indexOf(config().LOG_LEVEL);
  const at = (level: (typeof LEVELS)[number]) => LEVELS.indexOf(level) >= threshold;
  return {
    info: (m) => at("info") && console.info(`[rekey worker] ${m}`),
    warn: (m) => at("warn") && console.warn(`[rekey worker] ${m}`),
    error: (m) => at("error") && console.error(`[rekey worker] ${m}`),
  };
}

export const silentLogger: WorkerLogger = { info() {}, warn() {}, error() {} };
