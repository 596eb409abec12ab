import type { RecordData, StoredRecord } from '../../../shared/domain/stored-record';
import type { ProposalDecision } from '../../../shared/domain/register-proposal-decision';
import { proposalHash } from '../../../shared/domain/register-proposal-decision';
import { aStoredRecord } from './stored-record-builder';

/**
 * CBE-LM's proposal of a new consultant to the register (`PRP-CBE-LM-0001`): a cooperative of
 * Lille with its SIRET and address, proposed by Camille Lefebvre on 01/06/2025.
 */
export function aNewProviderProposal(
  data: RecordData = {},
  overrides: Partial<StoredRecord> = {},
): StoredRecord {
  return aStoredRecord({
    id: 'PRP-CBE-LM-0001',
    kind: 'registerProposal',
    owner: 'CBE-LM',
    data: {
      nature: 'Nouveau prestataire',
      providerId: null,
      legalName: 'Coopérative Tisserands du Nord',
      siret: '44306184100047',
      street: '5 place du Concert',
      postalCode: '59800',
      town: 'Lille',
      competences: ['Gouvernance'],
      reason: 'Intervenante appréciée sur deux missions de gouvernance.',
      proposedBy: 'Camille Lefebvre',
      proposedOn: '2025-06-01',
      ...data,
    },
    fieldTimes: {},
    rejected: {},
    createdAt: '2025-06-01T08:00:00.000Z',
    ...overrides,
  });
}

/** CBE-LM's proposal to change the phone of `PRE-0001` (`PRP-CBE-LM-0002`). */
export function aPhoneChangeProposal(data: RecordData = {}): StoredRecord {
  return aNewProviderProposal(
    {
      nature: "Modification d'un prestataire",
      providerId: 'PRE-0001',
      legalName: null,
      siret: null,
      street: null,
      postalCode: null,
      town: null,
      competences: null,
      phone: '03 20 99 88 77',
      reason: 'Nouveau standard du cabinet.',
      ...data,
    },
    { id: 'PRP-CBE-LM-0002', createdAt: '2025-06-01T09:00:00.000Z' },
  );
}

/** A provider of the register (`PRE-0001`, Cabinet Escaut Conseil of Lille). */
export function aRegisterProvider(
  data: RecordData = {},
  overrides: Partial<StoredRecord> = {},
): StoredRecord {
  return aStoredRecord({
    id: 'PRE-0001',
    kind: 'provider',
    owner: 'C2RA',
    data: {
      legalName: 'Cabinet Escaut Conseil',
      siret: '73282932000074',
      street: '12 rue Nationale',
      postalCode: '59000',
      town: 'Lille',
      phone: '03 20 12 34 56',
      ...data,
    },
    fieldTimes: {},
    rejected: {},
    ...overrides,
  });
}

/** The C2RA's decision on a proposal, as stored (validated on 02/06/2025, not yet applied). */
export function aDecision(
  proposal: StoredRecord,
  overrides: Partial<ProposalDecision> = {},
): ProposalDecision {
  return {
    proposalId: proposal.id,
    operator: 'CBE-LM',
    decision: 'Validée',
    reason: '',
    decidedAt: '2025-06-02T08:00:00.000Z',
    decidedBy: 'registre@c2ra-npdc.fr',
    proposalHash: proposalHash(proposal.data),
    registerProviderId:
      typeof proposal.data['providerId'] === 'string' ? proposal.data['providerId'] : null,
    applied: false,
    ...overrides,
  };
}
