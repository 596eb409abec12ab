import { isoDateOrNull } from '../values/french-date';
import { isMilestoneReached, midNoteDueOn } from '../mission-lifecycle';
import { after, fr, isDue, makeAlert, running, type MissionRule } from './mission-rule-support';

/* The rules of the mission under way: kickoff, mid-mission note, suspension, provider's warning. */

/** The rule `KICKOFF_MISSING` (its trigger day: docs/alertes.md). */
export const kickoffMissing: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (!running(facts) || !isMilestoneReached(mission.agreementSignedOn, today)) return [];
  // Once the restitution is held, a kickoff meeting is no longer worth asking for.
  if (
    isMilestoneReached(mission.kickoffOn, today) ||
    isMilestoneReached(mission.restitutionOn, today)
  )
    return [];
  const due = after(mission.agreementSignedOn, parameters.kickoffDelayDays);
  if (!isDue(due, today)) return [];
  return [
    makeAlert('KICKOFF_MISSING', facts.id, {
      severity: 'à faire',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : aucune réunion de lancement depuis la convention du ${fr(mission.agreementSignedOn)} (attendue le ${fr(due)}). Organisez la réunion tripartite avec la structure et le prestataire, ou indiquez sa date.`,
    }),
  ];
};

/** The rule `MID_NOTE` (its trigger day: docs/alertes.md). */
export const midNote: MissionRule = (facts, { today, parameters, providers }) => {
  const { mission } = facts;
  if (!running(facts)) return [];
  if (
    isMilestoneReached(mission.midNoteReceivedOn, today) ||
    isMilestoneReached(mission.restitutionOn, today)
  )
    return [];
  const due = midNoteDueOn(mission);
  if (!isDue(due, today)) return [];
  const overdue = isDue(after(due, parameters.midNoteGraceDays), today);
  const known = facts.retainedProviderId !== null;
  const provider = providers.name(facts.retainedProviderId);
  return [
    makeAlert('MID_NOTE', facts.id, {
      severity: overdue ? 'urgent' : 'info',
      audience: 'chargé de mission',
      dueOn: due,
      message: overdue
        ? `${facts.name} : note à mi-parcours attendue le ${fr(due)} et toujours pas reçue. Relancez ${known ? provider : 'le prestataire'} : le guide l'oblige à l'envoyer par e-mail.`
        : `${facts.name} : note à mi-parcours attendue le ${fr(due)} ${known ? `de ${provider}` : 'du prestataire'}. Indiquez sa date de réception dès qu'elle arrive.`,
    }),
  ];
};

/**
 * `INTERRUPTION_UNDECIDED`. A suspension waits for the DLA to resume or stop the mission; a
 * réorientation does not pause it.
 */
export const interruptionUndecided: MissionRule = (facts, { today, parameters }) => {
  const { mission } = facts;
  if (facts.status !== 'suspended') return [];
  const due = after(mission.interruptionOn, parameters.interruptionDecisionDays);
  if (!isDue(due, today) || mission.interruptionOn === null) return [];
  return [
    makeAlert('INTERRUPTION_UNDECIDED', facts.id, {
      severity: 'urgent',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : suspendue le ${fr(mission.interruptionOn)} sans reprise ni arrêt depuis (attendu le ${fr(due)}). Décidez de la reprise (« Reprise décidée le ») ou de l'arrêt de la mission.`,
    }),
  ];
};

/**
 * `WARNING_UNDECIDED`.
 * Guide, part III: the consultant warns the DLA « immédiatement […] pour prise de décision
 * rapide : réorientation, suspension, arrêt de l'accompagnement ». How quick is ours to set.
 */
export const warningUndecided: MissionRule = (facts, { today, parameters, providers }) => {
  const { mission } = facts;
  if (facts.status === 'closed' || facts.status === 'stopped') return [];
  const warnedOn = isoDateOrNull(mission.warningOn);
  if (warnedOn === null || warnedOn > today) return [];
  if (mission.interruptionKind !== null && isMilestoneReached(mission.interruptionOn, today))
    return [];
  const due = after(warnedOn, parameters.warningDecisionDays);
  if (!isDue(due, today)) return [];
  const who =
    facts.retainedProviderId === null ? 'le prestataire' : providers.name(facts.retainedProviderId);
  return [
    makeAlert('WARNING_UNDECIDED', facts.id, {
      severity: 'urgent',
      audience: 'chargé de mission',
      dueOn: due,
      message: `${facts.name} : ${who} a alerté le DLA le ${fr(warnedOn)} et aucune décision n'est enregistrée (attendue le ${fr(due)}). Décidez vite d'une réorientation, d'une suspension ou d'un arrêt, et indiquez-la avec sa date et son motif.`,
    }),
  ];
};
