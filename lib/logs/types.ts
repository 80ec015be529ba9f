/** Auth0's tenant log event type codes used by Rekey, with Auth0's descriptions. */
export const LOG_TYPES = {
  s: "Success Login",
  f: "Failed Login",
  fu: "Failed Login (invalid email/username)",
  fp: "Failed Login (wrong password)",
  ss: "Success Signup",
  fs: "Failed Signup",
  slo: "Success Logout",
  scp: "Success Change Password",
  fcp: "Failed Change Password",
  scpr: "Success Change Password Request",
  fcpr: "Failed Change Password Request",
  fcph: "Failed Post Change Password Hook",
  limit_wc: "Blocked Account",
  limit_mu: "Blocked IP Address",
  sapi: "Success API Operation",
  fapi: "Failed API Operation",
  sdu: "Successful User Deletion",
  seccft: "Success Exchange (Client Credentials for Access Token)",
  feccft: "Failed Exchange (Client Credentials for Access Token)",
  // Rekey's own (Auth0 has no type for it): every Management API write aimed at a user with the
  // admin role, allowed or refused, naming the client; the outcome of the call is its sapi/fapi.
  mgmt_api_admin_write: "Management API Write to an Admin User",
  actions_execution_failed: "Actions Execution Failed",
  gd_auth_succeed: "MFA Auth success",
  gd_auth_failed: "MFA Auth failed",
  gd_send_email: "Email Sent",
  gd_send_sms: "SMS Sent",
  gd_send_sms_failure: "Send SMS Failure",
  gd_otp_rate_limit_exceed: "Too Many Failures",
  gd_recovery_succeed: "MFA Recovery success",
  gd_recovery_failed: "MFA Recovery failed",
  gd_enrollment_complete: "MFA enrollment complete",
  gd_unenroll: "MFA unenroll",
} as const;

export type LogType = keyof typeof LOG_TYPES;
