export { refreshTokensRepository } from './refresh-tokens-repository.js';
export { EmailTakenError, usersRepository } from './users-repository.js';
