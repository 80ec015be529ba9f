export { AppError, ERROR_CODES, isAppError, type ErrorCode, type MessageRef } from "./app-error";
export { toAppError, toErrorEnvelope, errorResponse, retryAfterSecondsOf, type ErrorEnvelope } from "./to-response";
export { fieldErrorsFromZod, fieldIdsFromZod } from "./from-zod";
export { catalogError, englishOf, englishOfIssueMessage } from "./catalog-message";
export { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnreachable } from "./database-unreachable";
