export { AppError, ERROR_CODES, isAppError, type ErrorCode } from "./app-error";
export { toAppError, toErrorEnvelope, errorResponse, retryAfterSecondsOf, type ErrorEnvelope } from "./to-response";
export { fieldErrorsFromZod } from "./from-zod";
export { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnreachable } from "./database-unreachable";
