import { isMilestoneReached } from '../mission-lifecycle';
import { after, fr, isDue, makeAlert, running, type MissionRule } from './mission-rule-support';
import { inCall, isScored, rankableProposals, scoringDueOn } from './call-for-proposals-rules';

/* The rules of the award and the agreement: choosing the provider, telling the others, signing. */

/** The rule `AWARD_OVERDUE` (its trigger day: docs/alertes.md). */
export const awardOverdue: MissionRule = (facts, { today, parameters }) => {
  const due = after(scoringDueOn(facts.mission, parameters), parameters.awardDelayDays);
  if (!inCall(facts) || !isDue(due, today)) return [];
  const proposals = rankableProposals(facts);
  if (proposals.length === 0 || !proposals.every((e) => isScored(e.solicitation))) return [];
  return [
    makeAlert('AWARD_OVERDUE', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : propositions notées mais mission non attribuée (attribution attendue le ${fr(due)}). Choisissez le prestataire avec la structure, puis indiquez « Retenu » et la date d'attribution.`,
    }),
  ];
};

/** The rule `NON_RETAINED_NOT_NOTIFIED` (its trigger day: docs/alertes.md). */
export const nonRetainedNotNotified: MissionRule = (facts, { today, parameters, providers }) => {
  const awardedOn = facts.mission.awardedOn;
  if (!running(facts) || !isMilestoneReached(awardedOn, today)) return [];
  const due = after(awardedOn, parameters.notificationDelayDays);
  if (!isDue(due, today)) return [];
  return facts.solicitations
    .filter((e) => {
      const s = e.solicitation;
      const proposed = s.answer === 'Proposition reçue' || s.answer === 'Hors délai';
      return proposed && s.decision !== 'Retenu' && s.notifiedOn === null;
    })
    .map((e) => {
      const decide =
        e.solicitation.decision === null
          ? 'Indiquez la décision « Non retenu », informez-le'
          : 'Informez-le';
      return makeAlert('NON_RETAINED_NOT_NOTIFIED', e.id, {
        severity: 'à faire',
        audience: 'chargé de mission',
        dueOn: due,
        message: `${facts.name} : ${providers.name(e.solicitation.providerId)} n'a pas été informé que sa proposition n'est pas retenue (attribution du ${fr(awardedOn)}, information attendue le ${fr(due)}). ${decide} par e-mail ou courrier et indiquez la date dans « Non-retenu informé le ».`,
      });
    });
};

/** The rule `AGREEMENT_NOT_SIGNED` (its trigger day: docs/alertes.md). */
export const agreementNotSigned: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (!running(facts) || !isMilestoneReached(mission.awardedOn, today)) return [];
  if (isMilestoneReached(mission.agreementSignedOn, today)) return [];
  const due = after(mission.awardedOn, parameters.agreementDelayDays);
  if (!isDue(due, today)) return [];
  return [
    makeAlert('AGREEMENT_NOT_SIGNED', facts.id, {
      severity: 'urgent',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : convention tripartite attendue le ${fr(due)} (attribution du ${fr(mission.awardedOn)}) et toujours pas signée. Faites signer la convention DLA / structure / prestataire et indiquez sa date.`,
    }),
  ];
};
