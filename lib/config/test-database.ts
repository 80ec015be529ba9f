/**
 * The PostgreSQL server the integration tests also run on (CI sets it), or undefined. Kept here
 * because lib/config is the one reader of the environment; it is not a runtime option.
 */
export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}
