/**
 * The consultants solicited for a demo mission and what each answered: a proposal, its price,
 * days and contents, the scores, the decision and its notification.
 */
import { PROPOSAL_CONTENTS } from '../../shared/domain/solicitation';
import type { CellValue } from '../../shared/domain/values/cell-value';
import type { MissionDraft, SolicitationDraft } from './demo-drafts';
import type { Context, Random } from './demo-random';
import type { ProviderDraft, Register } from './demo-register';
import { typedAmount, typedDecimal } from './demo-typed-values';

type Answer = 'En attente' | 'Décliné' | 'Proposition reçue' | 'Hors délai';

const SCORE_KEYS = [
  ['understandingByOfficer', 'understandingByBeneficiary'],
  ['resultsByOfficer', 'resultsByBeneficiary'],
  ['methodologyByOfficer', 'methodologyByBeneficiary'],
  ['profileByOfficer', 'profileByBeneficiary'],
  ['durationByOfficer', 'durationByBeneficiary'],
] as const;

/** Where the mission's call stands, in days relative to today. */
interface Call {
  readonly terms: number;
  readonly deadline: number;
  readonly awarded: number | undefined;
  readonly decided: boolean;
  readonly open: boolean;
}

function scoreOf(rng: Random, quality: number): CellValue {
  const value = Math.min(5, Math.max(0, Math.round((quality + rng.float() * 2 - 1) * 2) / 2));
  return typedDecimal(value);
}

/** Picks the consultants solicited: the retained one first (complete sheet when it is paid). */
function pickProviders(
  rng: Random,
  register: Register,
  competence: string,
  count: number,
  retainedMustBeComplete: boolean,
): ProviderDraft[] {
  const competent = register.byCompetence.get(competence) ?? register.providers;
  const completeCompetent = register.completeByCompetence.get(competence) ?? [];
  const first = retainedMustBeComplete
    ? rng.pick(completeCompetent.length > 0 ? completeCompetent : register.complete)
    : rng.pick(competent);
  const chosen = new Set<ProviderDraft>([first]);
  const pool = competent.length >= count ? competent : register.providers;
  for (const p of rng.sample(pool, count + 1)) {
    if (chosen.size >= count) break;
    chosen.add(p);
  }
  return [...chosen];
}

/** The answers drawn: the retained proposal (index 0) once the call is closed; one pending while open. */
function drawAnswers(rng: Random, count: number, open: boolean): Answer[] {
  const answers: Answer[] = Array.from({ length: count }, (_, i) => {
    if (i === 0 && !open) return 'Proposition reçue';
    return open
      ? rng.weighted<Answer>([
          ['Décliné', 2],
          ['Proposition reçue', 3],
          ['En attente', 5],
        ])
      : rng.weighted<Answer>([
          ['Décliné', 4],
          ['Proposition reçue', 13],
          ['Hors délai', 2],
          ['En attente', 1],
        ]);
  });
  if (open && !answers.includes('En attente')) answers[answers.length - 1] = 'En attente';
  return answers;
}

/** The day the answer arrived; an answer not yet arrived today stays pending. */
function answerDay(
  rng: Random,
  call: Call,
  drawn: Answer,
  solicitedOn: number,
): { answer: Answer; answeredOn: number | null } {
  let answeredOn: number | null = null;
  if (drawn === 'Décliné') answeredOn = solicitedOn + rng.int(1, 3);
  if (drawn === 'Proposition reçue') answeredOn = rng.int(solicitedOn + 3, call.deadline);
  if (drawn === 'Hors délai') {
    const latest = Math.min(call.awarded ?? 0, 0);
    answeredOn = call.deadline + rng.int(1, Math.max(1, Math.min(4, latest - call.deadline)));
  }
  if (answeredOn !== null && answeredOn > 0) return { answer: 'En attente', answeredOn: null };
  return { answer: drawn, answeredOn };
}

/** The row of the consultant at `index` (index 0 is the one retained once decided). */
function solicitationRow(
  ctx: Context,
  mission: MissionDraft,
  call: Call,
  index: number,
  drawn: Answer,
): SolicitationDraft['row'] {
  const { rng, day } = ctx;
  const solicitedOn = call.terms + Math.min(rng.int(0, 2), -call.terms);
  const { answer, answeredOn } = answerDay(rng, call, drawn, solicitedOn);
  const row: SolicitationDraft['row'] = {
    solicitedOn: day(solicitedOn),
    answer,
    answeredOn: answeredOn === null ? null : day(answeredOn),
  };
  const hasProposal = answer === 'Proposition reçue' || answer === 'Hors délai';
  if (hasProposal) {
    const factor =
      index === 0 && call.decided ? 0.7 + rng.float() * 0.4 : 0.62 + rng.float() * 0.76;
    const price = Math.round((mission.budgetEuros * factor) / 50) * 50;
    row.priceCents = typedAmount(rng, price);
    row.proposedDays = typedDecimal(
      Math.max(1, Math.round(mission.estimatedDays * (0.7 + rng.float() * 0.6) * 2) / 2),
    );
    const contents = rng.chance(0.7)
      ? [...PROPOSAL_CONTENTS]
      : PROPOSAL_CONTENTS.filter(() => rng.chance(0.85));
    row.contents = contents.join(', ');
  }
  const late = answer === 'Hors délai';
  const admitted = late && rng.chance(0.4);
  if (late) row.lateAdmitted = admitted ? 'Oui' : 'Non';
  if ((answer === 'Proposition reçue' || admitted) && !call.open) {
    const quality = index === 0 ? 3.6 + rng.float() * 1.2 : 1.5 + rng.float() * 2;
    const bySb = call.decided || rng.chance(0.5);
    for (const [officer, beneficiary] of SCORE_KEYS) {
      row[officer] = scoreOf(rng, quality);
      if (bySb) row[beneficiary] = scoreOf(rng, quality);
    }
  }
  const awarded = call.awarded;
  if (awarded !== undefined) {
    if (index === 0) row.decision = 'Retenu';
    else if (hasProposal) {
      row.decision = 'Non retenu';
      if (rng.chance(0.85)) row.notifiedOn = day(awarded + rng.int(0, Math.min(10, -awarded)));
      const requested = rng.float();
      if (requested < 0.2) row.reasonRequested = 'Oui';
      else if (requested < 0.5) row.reasonRequested = 'Non';
    }
  }
  return row;
}

/** Adds to a mission whose terms were sent the 2 to 4 consultants solicited, in solicitation order. */
export function generateSolicitations(
  ctx: Context,
  mission: MissionDraft,
  register: Register,
): void {
  const { rng } = ctx;
  const { dates } = mission;
  const terms = dates.termsSentOn;
  const deadline = dates.replyDeadline;
  if (terms === undefined || deadline === undefined) return;
  const awarded = dates.awardedOn;
  const decided = awarded !== undefined;
  const call: Call = { terms, deadline, awarded, decided, open: deadline >= 0 && !decided };
  const count = rng.weighted([
    [2, 1],
    [3, 2],
    [4, 1],
  ]);
  const providers = pickProviders(
    rng,
    register,
    mission.competence,
    count,
    dates.balancePaidOn !== undefined,
  );
  // The retained proposal (index 0) is the best one; the others are drawn lower.
  const answers = drawAnswers(rng, providers.length, call.open);
  const order = rng.sample(
    providers.map((_, i) => i),
    providers.length,
  );
  for (const i of order) {
    const provider = providers[i];
    if (provider === undefined) continue;
    const row = solicitationRow(ctx, mission, call, i, answers[i] ?? 'En attente');
    mission.solicitations.push({ provider, row });
  }
}
