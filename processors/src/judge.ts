import { isBorderlineQuality, type QualityJudgeBand } from '@lumina/core';
import { judgeTask, type QualityJudge } from './judge/quality-judge.js';
import type { Stage } from './stage.js';

/**
 * Stage, after acknowledge: hands the stored calls with a borderline quality score to the judge,
 * which works off the ingest path and rewrites their score later. Only committed spans go: a
 * call that was not stored is never judged.
 */
export function judgeBorderline(judge: QualityJudge, band: QualityJudgeBand): Stage {
  return {
    name: 'judge',
    run(batch) {
      for (const delivery of batch) {
        if (delivery.state !== 'stored') continue;
        for (const { record } of delivery.spans) {
          if (record.qualityScore === null || !isBorderlineQuality(record.qualityScore, band)) continue;
          const task = judgeTask(record);
          if (task) judge.offer(task);
        }
      }
    },
  };
}
