export { MalformedHashError } from "./bytes";
export { FOREIGN_PREFIX, isForeignHash, storedFormOfCustomHash, verifyForeignHash } from "./stored";
export { isBcrypt } from "./bcrypt";
export { customPasswordHashSchema, FOREIGN_ALGORITHMS, HMAC_DIGESTS } from "./schema";
export type { CustomPasswordHash, ForeignAlgorithm } from "./schema";
