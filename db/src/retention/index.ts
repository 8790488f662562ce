export { withAdvisoryLock } from './advisory-lock.js';
export { archiveFileName, writePartitionArchive } from './archive-partition.js';
export { deleteInBatches } from './batched-delete.js';
export { listDayPartitions, projectIdsIn, type DayPartition, type DayPartitionedTable } from './day-partitions.js';
export { CommitUnknownError, dropDayPartition, type DropOptions } from './drop-partition.js';
export { deleteExpiredRows, deleteProjectsFromPartition, EXPIRING_ROWS, projectIdsInQueue, type ExpiringTable } from './expired-rows.js';
