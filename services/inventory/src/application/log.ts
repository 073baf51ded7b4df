/** The part of the service's logger the use cases need (pino's, in production). */
export interface Log {
  debug(details: object, message: string): void;
  warn(details: object, message: string): void;
}
