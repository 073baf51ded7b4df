export { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from './databases.js';
export { startTestService } from './services.js';
export { createTestTokenIssuer, type TestTokenIssuer } from './token-issuer.js';
