export { insertPendingEvents, storedLogEvent, type StoredLogEvent } from './pending.js';
export { joinPendingEvents, type JoinOptions, type JoinResult } from './join.js';
