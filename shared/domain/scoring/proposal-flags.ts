import type { Mission } from '../mission';
import { PROPOSAL_CONTENTS, type Solicitation } from '../solicitation';
import { formatEuros } from '../values/amount';
import { formatFrenchDate } from '../values/french-date';
import { QUALITATIVE_CRITERIA } from './proposal-criteria';

/** The codes of the flags a proposal can carry. */
export const PROPOSAL_FLAG_CODES = [
  'DECLINED',
  'PENDING',
  'LATE',
  'SCORES_MISSING',
  'PRICE_MISSING',
  'INCOMPLETE_PROPOSAL',
  'ABNORMALLY_LOW',
  'ABOVE_CEILING',
  'EX_AEQUO',
] as const;

/** A flag code. */
export type ProposalFlagCode = (typeof PROPOSAL_FLAG_CODES)[number];

/** Something the operator should look at on one proposal, with its French reason. */
export interface ProposalFlag {
  readonly code: ProposalFlagCode;
  readonly message: string;
}

function percentText(ratio: number): string {
  return `${Math.round(ratio * 100)} %`;
}

/** `DECLINED`: the consultant declined, with the day when known. */
export function declinedFlag(s: Solicitation): ProposalFlag {
  return {
    code: 'DECLINED',
    message:
      s.answeredOn === null
        ? 'A décliné la sollicitation : non classé.'
        : `A décliné la sollicitation le ${formatFrenchDate(s.answeredOn)} : non classé.`,
  };
}

/** `PENDING`: no answer yet, or a price or scores typed without « Proposition reçue ». */
export function pendingFlag(s: Solicitation, mission: Mission): ProposalFlag {
  const somethingTyped =
    s.priceCents !== null ||
    QUALITATIVE_CRITERIA.some((c) => s[c.officer] !== null || s[c.beneficiary] !== null);
  if (somethingTyped)
    return {
      code: 'PENDING',
      message:
        'Réponse non renseignée alors qu’un prix ou des notes sont saisis : indiquez « Proposition reçue » pour classer cette proposition.',
    };
  return {
    code: 'PENDING',
    message:
      mission.replyDeadline === null
        ? 'En attente de réponse : non classé.'
        : `En attente de réponse (date limite du ${formatFrenchDate(mission.replyDeadline)}) : non classé.`,
  };
}

/** `LATE`: received after the deadline, admitted or not. */
export function lateFlag(s: Solicitation, mission: Mission, admitted: boolean): ProposalFlag {
  const when = s.answeredOn === null ? '' : ` le ${formatFrenchDate(s.answeredOn)}`;
  const deadline =
    mission.replyDeadline === null
      ? ''
      : `, date limite du ${formatFrenchDate(mission.replyDeadline)}`;
  return {
    code: 'LATE',
    message: admitted
      ? `Reçue hors délai${when}${deadline} : admise malgré le retard, classée.`
      : `Reçue hors délai${when}${deadline} : non classée. Indiquez « Oui » dans « Admise malgré le retard » pour la classer.`,
  };
}

/** `INCOMPLETE_PROPOSAL`: a proposal without every element the guide requires; null when complete. */
export function contentsFlag(s: Solicitation): ProposalFlag | null {
  if (s.contents === null || s.contents.length === 0)
    return {
      code: 'INCOMPLETE_PROPOSAL',
      message:
        'Contenu de la proposition non renseigné : saisissez les éléments présents parmi ceux exigés par le guide, séparés par des virgules.',
    };
  const present = new Set<string>(s.contents);
  const missing = PROPOSAL_CONTENTS.filter((item) => !present.has(item));
  if (missing.length === 0) return null;
  return {
    code: 'INCOMPLETE_PROPOSAL',
    message: `Proposition incomplète, il manque : ${missing.join(', ')}.`,
  };
}

/** `ABOVE_CEILING`: a price above the mission's budget ceiling; null otherwise. */
export function ceilingFlag(s: Solicitation, mission: Mission): ProposalFlag | null {
  const ceiling = mission.budgetCeilingCents;
  if (ceiling === null || s.priceCents === null || s.priceCents <= ceiling) return null;
  return {
    code: 'ABOVE_CEILING',
    message: `Prix de ${formatEuros(s.priceCents)} supérieur au plafond budgétaire de la mission (${formatEuros(ceiling)}).`,
  };
}

/**
 * The flag of an abnormally low offer: a price below `abnormallyLowPercent` % of the mean of the
 * OTHER admissible offers, so that the operator asks for a justification; null otherwise or when
 * there is no other offer to compare with.
 */
export function abnormallyLowFlag(
  priceCents: number,
  otherPrices: readonly number[],
  abnormallyLowPercent: number,
): ProposalFlag | null {
  if (otherPrices.length === 0) return null;
  const mean = otherPrices.reduce((sum, p) => sum + p, 0) / otherPrices.length;
  if (priceCents >= (mean * abnormallyLowPercent) / 100) return null;
  return {
    code: 'ABNORMALLY_LOW',
    message: `Offre anormalement basse : ${formatEuros(priceCents)} contre ${formatEuros(Math.round(mean))} en moyenne pour les autres offres (${percentText(priceCents / mean)}) : demander une justification.`,
  };
}
