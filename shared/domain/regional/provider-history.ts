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

/** One operator's history taken record by record (a store's page at a time). */
export interface ProviderHistoryReader {
  /** Takes one record of the operator (archived ones and other owners' are left out). */
  add(record: StoredRecord): void;
  /** The history, once every record was added. */
  history(): ProviderHistory;
}

/**
 * A {@link ProviderHistoryReader} of `code`: it keeps each mission's satisfaction score and the
 * provider and mission of each « Retenu » solicitation, nothing else of the records. Only allowed
 * fields are read.
 */
export function providerHistoryReader(code: OperatorCode): ProviderHistoryReader {
  const scores = new Map<string, number | null>();
  const retained: { readonly providerId: string; readonly missionId: string }[] = [];
  return {
    add(r) {
      if (r.archived || r.owner !== code) return;
      if (r.kind === 'mission')
        scores.set(r.id, overallSatisfaction(asMission(allowedData('mission', r.data))));
      if (r.kind !== 'solicitation') return;
      const s = asSolicitation(allowedData('solicitation', r.data));
      if (s.decision !== 'Retenu' || s.providerId === null || s.missionId === null) return;
      retained.push({ providerId: s.providerId, missionId: s.missionId });
    },
    history() {
      const history = new Map<string, ProviderHistoryEntry>();
      for (const { providerId, missionId } of retained) {
        if (!scores.has(missionId)) continue;
        const score = scores.get(missionId) ?? null;
        const before = history.get(providerId) ?? {
          missions: 0,
          satisfactionSum: 0,
          satisfactionCount: 0,
        };
        history.set(providerId, {
          missions: before.missions + 1,
          satisfactionSum: before.satisfactionSum + (score ?? 0),
          satisfactionCount: before.satisfactionCount + (score === null ? 0 : 1),
        });
      }
      return history;
    },
  };
}

/**
 * The history of the providers in one operator's records (not archived): each mission where a
 * provider is « Retenu », and the satisfaction score of that mission. Only allowed fields are read.
 */
export function providerHistoryOf(
  code: OperatorCode,
  records: readonly StoredRecord[],
): ProviderHistory {
  const reader = providerHistoryReader(code);
  for (const record of records) reader.add(record);
  return reader.history();
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
