export { AppError, ERROR_CODES, isAppError, type ErrorCode } from "./app-error";
export { toAppError, toErrorEnvelope, errorResponse, type ErrorEnvelope } from "./to-response";
export { fieldErrorsFromZod } from "./from-zod";
