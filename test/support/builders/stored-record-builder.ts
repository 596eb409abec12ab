import { aProviderSheet } from './provider-builder';
/**
 * Builders of realistic stored records, change sets, audit and quarantine entries, for tests of
 * the {@link RecordStore} port and its adapters. Each builder gives a complete, valid value of the
 * DLA domain that a test overrides where it matters.
 *
 * @packageDocumentation
 */
import type {
  Actor,
  AuditEntry,
  ChangeSet,
  QuarantineEntry,
  RecordPut,
} from '../../../shared/domain/change-set';
import type { FieldJson, StoredRecord } from '../../../shared/domain/stored-record';
import type { OperatorCode } from '../../../shared/domain/operator';
import { formatRecordId } from '../../../shared/domain/record-id';

/** A writable copy of a type, to build a value by parts. */
type Overrides<T> = { -readonly [K in keyof T]?: T[K] };

/** The instant records are created at unless told otherwise. */
export const CREATED_AT = '2025-02-03T09:15:00.000Z';

/** The person every builder names as the author of a change. */
export const AN_ACTOR: Actor = { who: 'claire.dubois@cbe-lm.fr', source: 'edit' };

/**
 * A mission of CBE-LM (`MIS-CBE-LM-0001`) at version 1: French text, an amount in cents, dates,
 * a list of competences, blank (null) fields, a refused cell and the time of each field.
 */
export function aStoredRecord(overrides: Overrides<StoredRecord> = {}): StoredRecord {
  return {
    id: 'MIS-CBE-LM-0001',
    kind: 'mission',
    owner: 'CBE-LM',
    data: {
      planId: 'ACC-CBE-LM-0003',
      engineeringType: 'Individuelle',
      title: 'Consolidation du modèle économique',
      requiredCompetence: 'Modèle économique',
      budgetCeilingCents: 600000,
      estimatedDays: 7.5,
      replyDeadline: '2025-03-14',
      termsSentOn: '2025-02-10',
      awardedOn: null,
      competences: ['Modèle économique', 'Gestion financière'],
      interruptionReason: null,
    },
    fieldTimes: {
      title: '2025-02-03T09:15:00.000Z',
      budgetCeilingCents: '2025-02-03T09:16:30.000Z',
      replyDeadline: '2025-02-04T14:02:11.000Z',
    },
    rejected: {
      satisfactionScore: {
        raw: 'très bien',
        code: 'INTEGER_INVALID',
        message: 'Satisfaction (1 à 5) : « très bien » n’est pas un nombre entier de 1 à 5.',
      },
    },
    archived: false,
    version: 1,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    ...overrides,
  };
}

/**
 * A record of `kind` holding just `data`, as a sync stores it — the C2RA's for a provider,
 * CBE-LM's otherwise —, with no field time and no refused cell.
 */
export function aRecordOf(
  kind: StoredRecord['kind'],
  id: string,
  data: StoredRecord['data'],
  archived = false,
): StoredRecord {
  return aStoredRecord({
    id,
    kind,
    owner: kind === 'provider' ? 'C2RA' : 'CBE-LM',
    data,
    fieldTimes: {},
    rejected: {},
    archived,
  });
}

/** A provider of the regional register (`PRE-0001`, owner C2RA) with a valid SIRET. */
export function aProvider(overrides: Overrides<StoredRecord> = {}): StoredRecord {
  return aStoredRecord({
    id: 'PRE-0001',
    kind: 'provider',
    owner: 'C2RA',
    data: {
      ...aProviderSheet({
        sectors: [],
        areas: ['Métropole lilloise', 'Dunkerquois'],
        consultants: null,
      }),
    },
    fieldTimes: { siret: CREATED_AT },
    rejected: {},
    ...overrides,
  });
}

/** A beneficiary of Entreprendre Ensemble (`STR-EE-DK-0001`): an association with an RNA number. */
export function aBeneficiary(overrides: Overrides<StoredRecord> = {}): StoredRecord {
  return aStoredRecord({
    id: 'STR-EE-DK-0001',
    kind: 'beneficiary',
    owner: 'EE-DK',
    data: {
      name: 'Les Jardins du Littoral',
      identifier: 'W595012345',
      legalForm: 'Association loi 1901',
      territory: 'Dunkerquois',
      town: 'Dunkerque',
      postalCode: '59140',
      employeesFte: 12.5,
      contactName: 'Yannick Vandewalle',
      email: null,
      notes: 'Fragilité de trésorerie ; CA en renouvellement.',
    },
    fieldTimes: { name: CREATED_AT },
    rejected: {},
    ...overrides,
  });
}

/** A solicitation of CBE-LM (`SOL-CBE-LM-0001`): a late proposal admitted anyway (yes/no fields). */
export function aSolicitation(overrides: Overrides<StoredRecord> = {}): StoredRecord {
  return aStoredRecord({
    id: 'SOL-CBE-LM-0001',
    kind: 'solicitation',
    data: {
      missionId: 'MIS-CBE-LM-0001',
      providerId: 'PRE-0001',
      solicitedOn: '2025-02-10',
      answer: 'Proposition reçue',
      answeredOn: '2025-03-17',
      priceCents: 585000,
      proposedDays: 7,
      contents: ['Méthodologie', 'Références'],
      lateAdmitted: true,
      reasonRequested: false,
      decision: null,
    },
    fieldTimes: {
      lateAdmitted: '2025-03-18T08:00:00.000Z',
      answeredOn: '2025-03-17T16:45:00.000Z',
    },
    rejected: {},
    ...overrides,
  });
}

/** A put of `record` read at `expectedVersion`; the record's own version is the one it will have. */
export function aPut(record: StoredRecord, expectedVersion = record.version - 1): RecordPut {
  return { record: { ...record, version: expectedVersion + 1 }, expectedVersion };
}

/** An audit entry of a change of `field` of a record, made by {@link AN_ACTOR}. */
export function anAuditEntry(overrides: Overrides<AuditEntry> = {}): AuditEntry {
  return {
    at: CREATED_AT,
    owner: 'CBE-LM',
    recordId: 'MIS-CBE-LM-0001',
    field: 'budgetCeilingCents',
    oldValue: 500000,
    newValue: 600000,
    who: AN_ACTOR.who,
    source: AN_ACTOR.source,
    eventId: null,
    ...overrides,
  };
}

/** A refused input: a budget typed as free text in the « Missions » tab of CBE-LM. */
export function aQuarantineEntry(overrides: Overrides<QuarantineEntry> = {}): QuarantineEntry {
  return {
    key: 'q-7f3a9c0e',
    at: CREATED_AT,
    owner: 'CBE-LM',
    tab: 'Missions',
    row: 4,
    column: 'Plafond budgétaire',
    recordId: 'MIS-CBE-LM-0001',
    raw: '6 000 euros env.',
    code: 'AMOUNT_INVALID',
    message: 'Plafond budgétaire : « 6 000 euros env. » n’est pas un montant (ex. 1 500,00 €).',
    who: AN_ACTOR.who,
    source: AN_ACTOR.source,
    eventId: null,
    ...overrides,
  };
}

/** A change set of `owner` (CBE-LM unless told), empty unless given puts, audit or quarantine. */
export function aChangeSet(overrides: Overrides<ChangeSet> = {}): ChangeSet {
  return {
    owner: 'CBE-LM',
    eventId: null,
    at: CREATED_AT,
    puts: [],
    audit: [],
    quarantine: [],
    ...overrides,
  };
}

/** The change set that creates `record` with its `@created` audit entry. */
export function aCreation(record: StoredRecord, overrides: Overrides<ChangeSet> = {}): ChangeSet {
  const eventId = overrides.eventId ?? null;
  return aChangeSet({
    owner: record.owner,
    at: record.createdAt,
    puts: [aPut(record, 0)],
    audit: [
      anAuditEntry({
        at: record.createdAt,
        owner: record.owner,
        recordId: record.id,
        field: '@created',
        oldValue: null,
        newValue: null,
        eventId,
      }),
    ],
    ...overrides,
  });
}

/** The change set that sets `field` of `stored` to `value`, read at the stored version. */
export function anUpdate(
  stored: StoredRecord,
  field: string,
  value: FieldJson,
  at: string,
  overrides: Overrides<ChangeSet> = {},
): ChangeSet {
  const eventId = overrides.eventId ?? null;
  const updated: StoredRecord = {
    ...stored,
    data: { ...stored.data, [field]: value },
    fieldTimes: { ...stored.fieldTimes, [field]: at },
    updatedAt: at,
  };
  return aChangeSet({
    owner: stored.owner,
    at,
    puts: [aPut(updated, stored.version)],
    audit: [
      anAuditEntry({
        at,
        owner: stored.owner,
        recordId: stored.id,
        field,
        oldValue: stored.data[field] ?? null,
        newValue: value,
        eventId,
      }),
    ],
    ...overrides,
  });
}

/** The ID of mission number `sequence` of an operator (`MIS-CBE-LM-0042`), as the system issues it. */
export function missionId(operator: OperatorCode, sequence: number): string {
  return formatRecordId({ kind: 'mission', operator, sequence });
}
