import type { IsoDate } from './values/french-date';

/**
 * What the guide requires in the final report (part III « Le rapport final […] doit comporter
 * les éléments suivants »), as the values of the « Contenu du rapport final » column: the cover
 * page (DLA and operator logos, « Accompagnement DLA financé par : », funders' logos), the
 * synthesis (reminder of the order, objectives and method; precise calendar and consultants;
 * work, results and difficulties), the action plan (recommendations and timetable), the annexes,
 * and the two versions the restitution is based on (« en version numérique et papier »).
 * No value contains `,` or `;`, which separate the values of a multi-choice cell.
 */
export const FINAL_REPORT_CONTENTS = [
  'Logos DLA et opérateur',
  'Mention « Accompagnement DLA financé par »',
  'Logos des financeurs',
  'Rappel de la commande et méthodologie',
  'Calendrier et intervenants',
  'Travail réalisé et résultats',
  'Préconisations et échéancier',
  'Annexes',
  'Version numérique',
  'Version papier',
] as const;

/** One required element of the final report. */
export type FinalReportContent = (typeof FINAL_REPORT_CONTENTS)[number];

/** What the checklist of a final report says: whether it was filled in, and what is missing. */
export interface FinalReportGaps {
  /** True once « Contenu du rapport final » holds at least one element. */
  readonly recorded: boolean;
  /** The required elements not ticked, in the guide's order (all of them when not recorded). */
  readonly missing: readonly FinalReportContent[];
}

/** The elements of the guide's list absent from the checklist of a final report. */
export function finalReportGaps(contents: readonly string[] | null): FinalReportGaps {
  const present = new Set(contents ?? []);
  return {
    recorded: present.size > 0,
    missing: FINAL_REPORT_CONTENTS.filter((element) => !present.has(element)),
  };
}

/**
 * Why the final report does not yet allow the balance, in French, or null when it does: not
 * received, its contents not recorded, or the elements of the guide it lacks (named).
 */
export function finalReportShortfall(
  receivedOn: IsoDate | null,
  contents: readonly string[] | null,
): { readonly code: string; readonly message: string } | null {
  if (receivedOn === null) {
    return {
      code: 'BALANCE_WITHOUT_FINAL_REPORT',
      message:
        'Le solde ne peut pas être versé sans le rapport final (version numérique et papier).',
    };
  }
  const gaps = finalReportGaps(contents);
  if (!gaps.recorded) {
    return {
      code: 'BALANCE_FINAL_REPORT_INCOMPLETE',
      message:
        'Contenu du rapport final non renseigné : indiquez dans « Contenu du rapport final » les éléments présents parmi ceux exigés par le guide.',
    };
  }
  if (gaps.missing.length === 0) return null;
  return {
    code: 'BALANCE_FINAL_REPORT_INCOMPLETE',
    message: `Rapport final incomplet, il manque : ${gaps.missing.join(', ')}.`,
  };
}
