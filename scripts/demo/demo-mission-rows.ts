/** A demo mission as its row in the « Missions » tab: dates, funding, survey, interruption. */
import { FINAL_REPORT_CONTENTS } from '../../shared/domain/final-report';
import { MISSION_FIELDS } from '../../shared/domain/mission';
import type { OperatorCode } from '../../shared/domain/operator';
import { formatRecordId } from '../../shared/domain/record-id';
import { SURVEY_DIMENSIONS } from '../../shared/domain/satisfaction-survey';
import type { CellValue } from '../../shared/domain/values/cell-value';
import type { DemoRow } from './demo-data-model';
import type { MilestoneKey, MissionDraft } from './demo-drafts';
import type { Context, Random } from './demo-random';
import { groupThousands, rowOf, typedAmount, typedDecimal } from './demo-typed-values';
import { WARNING_REASONS } from './demo-vocabulary.data';

/**
 * The survey of an evaluated mission: the six dimensions of the guide around its satisfaction
 * (a low one has one dimension at 1), and for some missions the former single score, kept as
 * « note globale ».
 */
function surveyCells(rng: Random, m: MissionDraft): Record<string, number | null> {
  const cells: Record<string, number | null> = { satisfactionScore: null };
  for (const { key } of SURVEY_DIMENSIONS) cells[key] = null;
  if (m.satisfaction === null) return cells;
  const base = m.satisfaction;
  if (rng.chance(0.3)) cells['satisfactionScore'] = base;
  SURVEY_DIMENSIONS.forEach(({ key }, index) => {
    const low = base <= 2 && index === 2;
    cells[key] = low ? 1 : Math.min(5, Math.max(1, base + rng.int(-1, 1)));
  });
  return cells;
}

/**
 * The funders of an awarded mission (guide, part III: DDTEFP, Caisse des Dépôts, Conseil
 * Régional, the Conseil Général of the operator's département; a partner now and then), its
 * agreed price, and the advance and balance paid once the provider's sheet is complete.
 */
function fundingCells(
  rng: Random,
  operator: OperatorCode,
  m: MissionDraft,
): Record<string, CellValue> {
  const cells: Record<string, CellValue> = {
    funding: null,
    agreedPriceCents: null,
    advanceCents: null,
    advancePaidOn: null,
    balanceCents: null,
  };
  if (m.dates.awardedOn === undefined) return cells;
  const price = Math.round((m.budgetEuros * 0.9) / 50) * 50;
  const department = operator.startsWith('I62')
    ? 'Conseil Général du Pas-de-Calais'
    : 'Conseil Général du Nord';
  const shares: [string, number][] = [
    ['DDTEFP', 0.4],
    ['Caisse des Dépôts', 0.3],
    ['Conseil Régional', 0.2],
    [department, 0.1],
  ];
  const partner = m.engineeringType === 'Collective' || rng.chance(0.15);
  const lines = shares.map(([funder, share]) => {
    const euros = Math.round(price * share * (partner ? 0.8 : 1));
    return `${funder} : ${groupThousands(euros)}`;
  });
  if (partner)
    lines.push(`Partenaire Fondation de France : ${groupThousands(Math.round(price * 0.2))}`);
  cells['funding'] = lines.join(' ; ');
  cells['agreedPriceCents'] = typedAmount(rng, price);
  const retained = m.solicitations.find((d) => d.row.decision === 'Retenu');
  const kickoff = m.dates.kickoffOn;
  if (retained?.provider.complete === true && kickoff !== undefined) {
    const advance = Math.round(price * 0.3);
    cells['advanceCents'] = typedAmount(rng, advance);
    cells['advancePaidOn'] = kickoff;
    if (m.dates.balancePaidOn !== undefined)
      cells['balanceCents'] = typedAmount(rng, price - advance);
  }
  return cells;
}

export function missionRow(ctx: Context, operator: OperatorCode, m: MissionDraft): DemoRow {
  const { rng, day } = ctx;
  const plan = m.plan;
  if (plan === null) throw new Error('Mission without a plan.');
  const cell = (key: MilestoneKey): string | null => {
    const offset = m.dates[key];
    return offset === undefined ? null : day(offset);
  };
  const sector = plan.beneficiary?.kind.sector ?? null;
  return rowOf(MISSION_FIELDS, {
    planId: formatRecordId({ kind: 'plan', operator, sequence: plan.sequence }),
    engineeringType: m.engineeringType,
    otherPlanIds:
      m.otherPlans === undefined || m.otherPlans.length === 0
        ? null
        : m.otherPlans
            .map((p) => formatRecordId({ kind: 'plan', operator, sequence: p.sequence }))
            .join(', '),
    title: m.title,
    requiredCompetence: m.competence,
    sector,
    budgetCeilingCents: typedAmount(rng, m.budgetEuros),
    // Collective missions weigh the methodology more, in their own « Pondération de la mission ».
    scoringWeights: m.engineeringType === 'Collective' ? '25 / 15 / 30 / 15 / 0 / 15' : null,
    estimatedDays: typedDecimal(m.estimatedDays),
    termsSentOn: cell('termsSentOn'),
    replyDeadline: cell('replyDeadline'),
    awardedOn: cell('awardedOn'),
    agreementSignedOn: cell('agreementSignedOn'),
    kickoffOn: cell('kickoffOn'),
    plannedEndOn: cell('plannedEndOn'),
    midNoteReceivedOn: cell('midNoteReceivedOn'),
    restitutionOn: cell('restitutionOn'),
    finalReportReceivedOn: cell('finalReportReceivedOn'),
    // A restituted mission shows the checklist half done, its balance blocked (guide, part III).
    finalReportContents:
      m.dates.finalReportReceivedOn === undefined
        ? null
        : (m.stage === 'restituted'
            ? FINAL_REPORT_CONTENTS.slice(0, 5)
            : FINAL_REPORT_CONTENTS
          ).join(', '),
    recommendationsDueOn:
      m.dates.finalReportReceivedOn === undefined || m.dates.restitutionOn === undefined
        ? null
        : day(m.dates.restitutionOn + 180),
    ...(() => {
      const funding = fundingCells(rng, operator, m);
      const paidOn = funding['advancePaidOn'];
      return { ...funding, advancePaidOn: typeof paidOn === 'number' ? day(paidOn) : null };
    })(),
    balancePaidOn: cell('balancePaidOn'),
    surveySentOn: cell('surveySentOn'),
    surveyAnsweredOn: cell('surveyAnsweredOn'),
    ...surveyCells(rng, m),
    closedOn: cell('closedOn'),
    followUpDiagnosticOn: cell('followUpDiagnosticOn'),
    warningOn: m.interruption === null ? null : day(m.interruption.warnedOn),
    warningReason: m.interruption === null ? null : WARNING_REASONS[m.interruption.kind],
    interruptionKind: m.interruption?.kind ?? null,
    interruptionOn: m.interruption === null ? null : day(m.interruption.on),
    interruptionReason: m.interruption?.reason ?? null,
    interruptionDecisionOn:
      m.interruption === null || m.interruption.decisionOn === null
        ? null
        : day(m.interruption.decisionOn),
    scopeExtensionOn: m.scopeExtension === null ? null : day(m.scopeExtension.on),
    scopeExtensionBy: m.scopeExtension?.by ?? null,
    scopeExtensionReason: m.scopeExtension?.reason ?? null,
  });
}
