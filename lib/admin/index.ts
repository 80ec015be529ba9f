// The admin console's operations: each is one domain change (lib/users, lib/reset, lib/jobs,
// lib/actions) plus the sapi line naming the admin. Server actions in app/admin call these.
export { logAdminChange } from "./log";
export {
  getUserOverview,
  adminCreateUser,
  adminCreateUserSchema,
  adminSetPassword,
  adminSetPasswordSchema,
  adminSendResetEmail,
  adminUserActionSchema,
  adminCreateResetTicket,
  adminCreateTicketSchema,
  adminRemoveFactor,
  adminRemoveFactorSchema,
  adminDeleteUser,
  adminDeleteUserSchema,
  TICKET_LIFETIMES,
} from "./users";
export { listActionOverview, runActionTest, actionTestSchema, editableSample, type TriggerOverview } from "./actions";
export {
  listDeliveries,
  getDelivery,
  adminRetryDelivery,
  retryDeliverySchema,
  deliveryQuerySchema,
  deliveryStatus,
  DELIVERY_TYPES,
  DELIVERY_STATUSES,
  runsActions,
  type DeliveryStatus,
} from "./deliveries";
export { searchTenantLog, logQuerySchema, type LogQueryInput } from "./logs";
export { connectionChangeHistory } from "./connection";
export { machineClientFormSchema, revokeClientSchema, joinFormValues } from "./clients";
export {
  applicationCreateFormSchema,
  applicationEditFormSchema,
  applicationPatchOf,
  clientIdFormSchema,
  apiCreateFormSchema,
  apiIdFormSchema,
  apiGrantFormSchema,
} from "./applications";
export { adminStartImport, adminStartExport, adminExportSchema, importPageData } from "./import-export";
