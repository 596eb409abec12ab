import { asMission, asSolicitation } from '../entity-view';
import type { OperatorCode } from '../operator';
import { overallSatisfaction } from '../satisfaction-survey';
import type { StoredRecord } from '../stored-record';
import { allowedData } from './allow-list';

/** Retained missions and their satisfaction scores, per provider: what the register export shows. */
export interface ProviderHistoryEntry {
  readonly missions: number;
  readonly satisfactionSum: number;
  readonly satisfactionCount: number;
}

/** The history of the providers, by provider ID. */
export type ProviderHistory = ReadonlyMap<string, ProviderHistoryEntry>;

/**
 * The history of the providers in one operator's records (not archived): each mission where a
 * provider is « Retenu », and the satisfaction score of that mission. Only allowed fields are read.
 */
export function providerHistoryOf(
  code: OperatorCode,
  records: readonly StoredRecord[],
): ProviderHistory {
  const live = records.filter((r) => !r.archived && r.owner === code);
  const scores = new Map<string, number | null>();
  for (const r of live) {
    if (r.kind === 'mission')
      scores.set(r.id, overallSatisfaction(asMission(allowedData('mission', r.data))));
  }
  const history = new Map<string, ProviderHistoryEntry>();
  for (const r of live) {
    if (r.kind !== 'solicitation') continue;
    const s = asSolicitation(allowedData('solicitation', r.data));
    if (s.decision !== 'Retenu' || s.providerId === null || s.missionId === null) continue;
    if (!scores.has(s.missionId)) continue;
    const score = scores.get(s.missionId) ?? null;
    const before = history.get(s.providerId) ?? {
      missions: 0,
      satisfactionSum: 0,
      satisfactionCount: 0,
    };
    history.set(s.providerId, {
      missions: before.missions + 1,
      satisfactionSum: before.satisfactionSum + (score ?? 0),
      satisfactionCount: before.satisfactionCount + (score === null ? 0 : 1),
    });
  }
  return history;
}

/** Adds two histories (operators are read one at a time, to keep memory flat). */
export function mergeProviderHistories(a: ProviderHistory, b: ProviderHistory): ProviderHistory {
  const merged = new Map(a);
  for (const [id, entry] of b) {
    const before = merged.get(id);
    merged.set(
      id,
      before === undefined
        ? entry
        : {
            missions: before.missions + entry.missions,
            satisfactionSum: before.satisfactionSum + entry.satisfactionSum,
            satisfactionCount: before.satisfactionCount + entry.satisfactionCount,
          },
    );
  }
  return merged;
}
