export { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from './databases.js';
export { createTestTokenIssuer, type TestTokenIssuer } from './token-issuer.js';
export { startTestService } from './services.js';
