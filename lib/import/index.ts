// Auth0-compatible bulk user import: the upload, the durable job that runs it, and its views.
export { createUserImport, receiveUserImport, userImportJob, type NewUserImport, type UserImportSettings } from "./create-import";
export { runUserImportJob, runUserImportSlice, IMPORT_SLICE_MS } from "./run-import";
export { foreignHashCount, recentUserImports, userImportErrors, userImportErrorsJson, userImportJobView } from "./view";
export { importUserSchema, parseImportUser } from "./user-schema";
export { ImportFileError, splitJsonArray } from "./split-array";
