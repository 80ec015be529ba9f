export { clientIp, CLIENT_IP_HEADER, sealClientIp, stampClientIp } from "./client-ip";
export { resolveClientAddress } from "./forwarded-for";
export { ipLimitKey, isLoopbackIp, normalizeIp } from "./ip-address";
export { requestContextFrom, type RequestContext } from "./request-context";
export { readBody } from "./read-body";
export { handleForm, formDataToObject, INITIAL_FORM_STATE, type FormState } from "./form-state";
export { assertSameOrigin } from "./same-origin";
export { TOKEN_PAGE_REFERRER_POLICY } from "./security-headers";
export { seeOtherAfterPost } from "./see-other";
