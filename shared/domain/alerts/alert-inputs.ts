import type { StoredRecord } from '../stored-record';
import { asMission, asProvider, asSolicitation } from '../entity-view';
import type { Mission } from '../mission';
import type { OperatorCode } from '../operator';
import type { OperatorParameters } from '../operator-parameters';
import type { Provider } from '../provider';
import type { Solicitation } from '../solicitation';
import type { IsoDate } from '../values/french-date';

/** A mission of the operator, with its ID. */
export interface MissionEntry {
  readonly id: string;
  readonly mission: Mission;
  readonly archived: boolean;
  /** True when a balance date was typed and refused because the balance is blocked. */
  readonly balanceDateRejected?: boolean;
}

/** A solicitation, with its ID. */
export interface SolicitationEntry {
  readonly id: string;
  readonly solicitation: Solicitation;
  readonly archived: boolean;
}

/** A provider of the regional register, with its ID and the instant its record last changed. */
export interface ProviderEntry {
  readonly id: string;
  readonly provider: Provider;
  /** ISO instant (or date) of the last change of the record (`StoredRecord.updatedAt`). */
  readonly updatedAt: string;
  readonly archived: boolean;
}

/** What the rules of one operator look at, as of `today`. */
export interface AlertInput {
  readonly owner: OperatorCode;
  readonly today: IsoDate;
  readonly parameters: OperatorParameters;
  readonly missions: readonly MissionEntry[];
  readonly solicitations: readonly SolicitationEntry[];
  /** The regional register, to name providers and check the retained one's sheet. */
  readonly providers: readonly ProviderEntry[];
}

/** What the register rules of the C2RA look at, as of `today`. */
export interface RegisterAlertInput {
  readonly today: IsoDate;
  readonly parameters: OperatorParameters;
  readonly providers: readonly ProviderEntry[];
  readonly solicitationsByOperator: ReadonlyMap<OperatorCode, readonly SolicitationEntry[]>;
}

/** Stored records as mission entries (other kinds ignored); a refused balance date is noted. */
export function missionEntriesOf(records: readonly StoredRecord[]): MissionEntry[] {
  return records
    .filter((r) => r.kind === 'mission')
    .map((r) => ({
      id: r.id,
      mission: asMission(r.data),
      archived: r.archived,
      balanceDateRejected: r.rejected['balancePaidOn']?.code.startsWith('BALANCE_') === true,
    }));
}

/** Stored records as solicitation entries (other kinds ignored). */
export function solicitationEntriesOf(records: readonly StoredRecord[]): SolicitationEntry[] {
  return records
    .filter((r) => r.kind === 'solicitation')
    .map((r) => ({ id: r.id, solicitation: asSolicitation(r.data), archived: r.archived }));
}

/** Stored records of the register as provider entries (other kinds ignored). */
export function providerEntriesOf(records: readonly StoredRecord[]): ProviderEntry[] {
  return records
    .filter((r) => r.kind === 'provider')
    .map((r) => ({
      id: r.id,
      provider: asProvider(r.data),
      updatedAt: r.updatedAt,
      archived: r.archived,
    }));
}
