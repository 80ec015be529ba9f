export { LOG_TYPES, type LogType } from "./types";
export { writeLog, logInsertSql, type LogInput } from "./write";
export { listLogs, type LogQuery } from "./read";
export { redactDetails } from "./redact";
export { logContext, type LogContext, type LogSubject } from "./context";
