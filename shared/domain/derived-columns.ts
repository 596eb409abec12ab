import { asMission, asSolicitation } from './entity-view';
import { deriveMissionStatus, describeMissionStatus } from './mission-lifecycle';
import { checkMission, checkSolicitation, type RuleViolation } from './mission-rules';
import { providerWarnings } from './provider';
import type { RecordWorld, WorldRecord } from './record-world';
import type { CellValue } from './values/cell-value';
import type { IsoDate } from './values/french-date';
import { formatYesNo } from './values/yes-no';

/** The computed cells of one record, by computed column key. */
export type DerivedCells = Readonly<Record<string, CellValue>>;

/** The cross-field rule violations of a record (its mission or solicitation rules). */
export function violationsOf(record: WorldRecord, world: RecordWorld): RuleViolation[] {
  if (record.archived) return [];
  if (record.kind === 'mission') {
    const retained = world.retainedProviderOf(record.id);
    return checkMission({
      mission: asMission(record.data),
      solicitations: world.solicitationsOf(record.id).map((s) => s.solicitation),
      retainedProvider: retained ? { id: retained.id, completeness: retained.completeness } : null,
    });
  }
  if (record.kind === 'solicitation') {
    const solicitation = asSolicitation(record.data);
    const missionId = solicitation.missionId;
    const siblings = missionId
      ? world
          .solicitationsOf(missionId)
          .filter((s) => s.id !== record.id)
          .map((s) => s.solicitation)
      : [];
    return checkSolicitation(solicitation, missionId ? world.mission(missionId) : null, siblings);
  }
  return [];
}

function controlsText(messages: readonly string[]): string {
  return messages.join(' ; ');
}

/**
 * What the system shows in the computed columns of a record: mission status and retained
 * provider, provider sheet completeness, and the « Contrôles » column of warnings.
 */
export function deriveCells(record: WorldRecord, world: RecordWorld, today: IsoDate): DerivedCells {
  const warnings = violationsOf(record, world).map((v) => v.message);
  switch (record.kind) {
    case 'mission': {
      const solicitations = world.solicitationsOf(record.id);
      const retained = world.retainedProviderOf(record.id);
      return {
        status: describeMissionStatus(
          deriveMissionStatus(
            asMission(record.data),
            solicitations.map((s) => s.solicitation),
            today,
          ),
        ),
        retainedProvider: retained
          ? `${retained.id} — ${retained.provider.legalName ?? ''}`.trim()
          : '',
        solicitationCount: solicitations.length,
        controls: controlsText(warnings),
      };
    }
    case 'provider': {
      const provider = world.provider(record.id);
      const completeness = provider?.completeness ?? { sheetComplete: false, missing: [] };
      return {
        sheetComplete: formatYesNo(completeness.sheetComplete),
        missing: completeness.missing.join(', '),
        controls: controlsText([
          ...warnings,
          ...(provider ? providerWarnings(provider.provider).map((w) => w.message) : []),
        ]),
      };
    }
    default:
      return { controls: controlsText(warnings) };
  }
}
