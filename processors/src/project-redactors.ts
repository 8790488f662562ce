import type pg from 'pg';
import type { Logger } from 'pino';
import { createRedactor, type RedactionPattern, type Redactor } from '@lumina/core';
import { readProjectSettings, type ProjectSettings } from '@lumina/db';
import { errorText } from '@lumina/runtime';

/** The platform's redaction settings (env), which every project starts from. */
export interface RedactionDefaults {
  enabled: boolean;
  disabledKinds: string[];
  extraPatterns: RedactionPattern[];
}

/** A project's custom patterns as regular expressions; a pattern that does not compile is skipped and logged. */
function compilePatterns(projectId: string, patterns: ProjectSettings['redaction']['patterns'], logger: Logger): RedactionPattern[] {
  const compiled: RedactionPattern[] = [];
  for (const { kind, pattern, flags } of patterns ?? []) {
    try {
      compiled.push({ kind, pattern: new RegExp(pattern, `${(flags ?? '').replace('g', '')}g`) });
    } catch (error) {
      logger.warn({ project: projectId, kind, err: errorText(error) }, 'a custom redaction pattern does not compile; skipped');
    }
  }
  return compiled;
}

/**
 * The redactor of each project: the platform's patterns, minus the kinds the project switched
 * off, plus its own. Refreshed from the projects table by `refresh()` (a repeating job), so a
 * change reaches every replica within one interval; a project not seen yet gets the defaults.
 */
export function projectRedactors(defaults: RedactionDefaults, logger: Logger) {
  const base = defaults.enabled ? createRedactor({ disabledKinds: defaults.disabledKinds, extraPatterns: defaults.extraPatterns }) : null;
  let byProject = new Map<string, Redactor>();
  return {
    /** null when redaction is off */
    redactorFor(projectId: string): Redactor | null {
      if (base === null) return null;
      return byProject.get(projectId) ?? base;
    },
    async refresh(db: pg.Pool): Promise<void> {
      if (base === null) return;
      const next = new Map<string, Redactor>();
      for (const project of await readProjectSettings(db)) {
        const { disabled_kinds: disabledKinds = [], patterns = [] } = project.redaction;
        if (disabledKinds.length === 0 && patterns.length === 0) continue;
        next.set(
          project.projectId,
          createRedactor({
            disabledKinds: [...defaults.disabledKinds, ...disabledKinds],
            extraPatterns: [...defaults.extraPatterns, ...compilePatterns(project.projectId, patterns, logger)],
          }),
        );
      }
      byProject = next;
    },
  };
}

export type ProjectRedactors = ReturnType<typeof projectRedactors>;
