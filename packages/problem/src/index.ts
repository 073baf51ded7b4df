export { problems } from './catalog.js';
export { type ProblemDetails, ProblemError, problemTypeUri } from './problem.js';
