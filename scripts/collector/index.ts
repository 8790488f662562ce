export { ensureCollector, type EnsureCollectorOptions } from './build.js';
export { CollectorError, type CollectorErrorCode } from './errors.js';
export { backendPlaceholderEnv, backends, collectorKinds, configFilesFor, parseBackend, parseKind, type BackendName, type CollectorKind } from './kinds.js';
export { OCB_VERSION } from './go.js';
export { findFreePort, freeCollectorPorts } from './ports.js';
export { startCollector, type CollectorEndpoints, type RunningCollector, type StartCollectorOptions } from './start.js';
