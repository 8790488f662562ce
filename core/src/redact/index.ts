export { passesIbanCheck, passesLuhn } from './checks.js';
export { DEFAULT_REDACTION_PATTERNS, type RedactionPattern } from './patterns.js';
export { createRedactor, type RedactionCounts, type Redactor, type RedactorOptions } from './redactor.js';
