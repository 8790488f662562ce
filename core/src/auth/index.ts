export { formatApiKey, grants, hashSecret, parseApiKey, SCOPES, secretMatches, type ActiveApiKey, type ParsedApiKey, type Scope } from './api-key.js';
export { presentedKey } from './presented-key.js';
