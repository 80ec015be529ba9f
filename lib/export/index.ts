// Auth0-compatible bulk user export: the job, its gzip file, and its signed download location.
export { createUserExport, newUserExportSchema, userExportJob, type NewUserExport } from "./create-export";
export { runUserExportJob } from "./run-export";
export { userExportJobView, recentUserExports, downloadUserExport } from "./view";
export { exportLocation, EXPORT_LOCATION_SECONDS } from "./location";
export { DEFAULT_EXPORT_FIELDS, type ExportField } from "./fields";
