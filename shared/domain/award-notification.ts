import type { Mission } from './mission';
import { operatorByCode, operatorDisplayName, type OperatorCode } from './operator';
import { DEFAULT_PARAMETERS, type OperatorParameters } from './operator-parameters';
import { scoreCall, type CallScoring, type ProposalScoring } from './scoring/proposal-scoring';
import { formatPoints, formatScoreDetail } from './scoring/score-format';
import type { Provider } from './provider';
import type { Solicitation } from './solicitation';
import { formatFrenchDate } from './values/french-date';

/**
 * The award of a call for proposals (guide, part III): « Le DLA s'engage à informer par voie
 * électronique ou par voie postale le prestataire lorsque sa proposition n'est pas retenue. Le
 * DLA pourra expliciter le motif du refus si le prestataire en fait expressément la demande. »
 *
 * @packageDocumentation
 */

/** A solicitation with its ID. */
export interface SolicitationEntry {
  readonly id: string;
  readonly solicitation: Solicitation;
}

/** The French e-mail that tells a consultant their proposal is not retained, ready to send. */
export interface NotificationDraft {
  /** Stable across runs: `missionId:solicitationId`, so a draft is never made twice. */
  readonly key: string;
  /** The consultant's e-mail from the register; null when unknown (send it by post). */
  readonly to: string | null;
  readonly subject: string;
  readonly body: string;
  readonly solicitationId: string;
  readonly providerId: string;
}

/** A decision the system proposes for a row, without changing the solicitation itself. */
export interface PendingDecision {
  readonly solicitationId: string;
  readonly decision: 'Non retenu';
}

function sentProposal(s: Solicitation): boolean {
  return s.answer === 'Proposition reçue' || s.answer === 'Hors délai';
}

/**
 * Once exactly one solicitation of a mission is « Retenu », the others that sent a proposal and
 * have no decision yet should read « Non retenu »: the rows to write, in the order given. Nothing
 * while no proposal (or more than one) is retained. The solicitations are not changed.
 */
export function pendingDecisions(solicitations: readonly SolicitationEntry[]): PendingDecision[] {
  const retained = solicitations.filter((e) => e.solicitation.decision === 'Retenu');
  if (retained.length !== 1) return [];
  return solicitations
    .filter((e) => e.solicitation.decision === null && sentProposal(e.solicitation))
    .map((e) => ({ solicitationId: e.id, decision: 'Non retenu' as const }));
}

/** The stable key of the notification of one solicitation of a mission. */
export function notificationKey(missionId: string, solicitationId: string): string {
  return `${missionId}:${solicitationId}`;
}

/** « 1re », « 2e », « 3e »: the French ordinal of a proposal's rank (« proposition » is feminine). */
function ordinal(rank: number): string {
  return rank === 1 ? '1re' : `${rank}e`;
}

const CRITERIA_SENTENCE =
  'compréhension de la problématique, résultats attendus, méthodologie proposée, profil et références des intervenants, durée d’intervention et budget';

function reasonParagraph(
  own: ProposalScoring | undefined,
  retained: ProposalScoring | undefined,
  scoring: CallScoring,
  context: {
    readonly mission: Mission;
    readonly solicitation: Solicitation;
    readonly weightBudget: number;
  },
): string {
  const intro = 'Comme vous nous l’avez demandé, voici le motif de notre choix :';
  const { mission, solicitation } = context;
  if (own?.status === 'late') {
    const received =
      solicitation.answeredOn === null
        ? 'nous est parvenue'
        : `nous est parvenue le ${formatFrenchDate(solicitation.answeredOn)}`;
    const deadline =
      mission.replyDeadline === null
        ? 'après la date limite de réponse fixée par le cahier des charges'
        : `après la date limite de réponse du ${formatFrenchDate(mission.replyDeadline)} fixée par le cahier des charges`;
    return `${intro} votre proposition ${received}, ${deadline}, et n’a pas pu être classée.`;
  }
  if (own?.rank === null || own?.rank === undefined || own.totalScore === null) {
    return `${intro} les propositions reçues ont été comparées, avec la structure bénéficiaire, sur les critères du cahier des charges (${CRITERIA_SENTENCE}), et une autre proposition a été préférée. Le ou la chargé(e) de mission se tient à votre disposition pour vous en préciser le détail.`;
  }
  const place = `${ordinal(own.rank)}${own.exAequo ? ' ex aequo' : ''} sur ${scoring.ranking.length}`;
  const comparison =
    retained?.totalScore === null || retained?.totalScore === undefined
      ? ''
      : `, contre ${formatPoints(retained.totalScore)}/100 pour la proposition retenue`;
  return `${intro} votre proposition est classée ${place}, avec une note totale de ${formatPoints(own.totalScore)}/100${comparison}. Détail de votre note : ${formatScoreDetail(own, context.weightBudget)}.`;
}

function greeting(provider: Provider | undefined): string {
  const name = provider?.contactName?.trim();
  return name ? `Bonjour ${name},` : 'Madame, Monsieur,';
}

function signature(mission: Mission, operator: OperatorCode): string {
  const o = operatorByCode(operator);
  return [
    `${operatorDisplayName(operator)} — Dispositif Local d’Accompagnement`,
    ...(mission.officerEmail ? [mission.officerEmail] : []),
    `Tél. ${o.phone}`,
  ].join('\n');
}

/**
 * The e-mails to the consultants not retained for a mission: one per solicitation that sent a
 * proposal, is « Non retenu » (typed, or proposed by {@link pendingDecisions} once another is
 * « Retenu ») and has no date in « Non-retenu informé le ». Polite French text naming the
 * mission and the operator; the reason (rank and total on 100 against the retained proposal, or
 * the late arrival) is given only when the consultant asked for it (« Motif demandé »).
 * `parameters` are the operator's scoring parameters, used for that reason.
 */
export function nonRetainedNotifications(
  mission: Mission,
  missionId: string,
  solicitations: readonly SolicitationEntry[],
  providers: readonly { readonly id: string; readonly provider: Provider }[],
  operator: OperatorCode,
  parameters: OperatorParameters = DEFAULT_PARAMETERS,
): NotificationDraft[] {
  const proposed = new Set(pendingDecisions(solicitations).map((d) => d.solicitationId));
  const targets = solicitations.filter(
    (e) =>
      e.solicitation.notifiedOn === null &&
      sentProposal(e.solicitation) &&
      (e.solicitation.decision === 'Non retenu' || proposed.has(e.id)),
  );
  if (targets.length === 0) return [];
  const scoring = scoreCall({ mission, proposals: solicitations, parameters });
  const scores = new Map(scoring.proposals.map((p) => [p.id, p]));
  const retainedEntry = solicitations.find((e) => e.solicitation.decision === 'Retenu');
  const retained = retainedEntry ? scores.get(retainedEntry.id) : undefined;
  const registry = new Map(providers.map((p) => [p.id, p.provider]));
  const title = mission.title ?? missionId;
  const operatorName = operatorDisplayName(operator);
  return targets.flatMap((e) => {
    const providerId = e.solicitation.providerId;
    if (providerId === null) return [];
    const provider = registry.get(providerId);
    const sentOn =
      e.solicitation.answeredOn === null
        ? ''
        : ` le ${formatFrenchDate(e.solicitation.answeredOn)}`;
    const paragraphs = [
      greeting(provider),
      `Nous vous remercions de la proposition d’intervention que vous nous avez adressée${sentOn} en réponse à notre appel à propositions pour la mission « ${title} » (${missionId}).`,
      'Après examen des propositions reçues, mené en concertation avec la structure bénéficiaire, nous avons le regret de vous informer que votre proposition n’a pas été retenue.',
      ...(e.solicitation.reasonRequested === true
        ? [
            reasonParagraph(scores.get(e.id), retained, scoring, {
              mission,
              solicitation: e.solicitation,
              weightBudget: scoring.weights.weightBudget,
            }),
          ]
        : []),
      'Nous vous remercions de l’intérêt que vous portez au Dispositif Local d’Accompagnement et espérons avoir l’occasion de travailler avec vous lors d’un prochain appel à propositions.',
      'Veuillez agréer nos salutations distinguées.',
      signature(mission, operator),
    ];
    return [
      {
        key: notificationKey(missionId, e.id),
        to: provider?.email ?? null,
        subject: `${operatorName} : suite donnée à votre proposition pour la mission « ${title} »`,
        body: paragraphs.join('\n\n'),
        solicitationId: e.id,
        providerId,
      },
    ];
  });
}

/**
 * The e-mail that hands a {@link NotificationDraft} to the chargé(e) de mission; the run adds
 * the recipients. `key` is the draft's key prefixed with `non-retenu-`, so it goes out once ever.
 */
export interface DraftDeliveryMail {
  readonly key: string;
  readonly subject: string;
  readonly text: string;
}

const DRAFT_SEPARATOR = '-'.repeat(60);

function providerLabel(providerId: string, provider: Provider | undefined): string {
  const name = provider?.legalName?.trim();
  return name ? `${providerId} — ${name}` : providerId;
}

function postalAddress(provider: Provider | undefined): string | null {
  const street = provider?.street?.trim() ?? '';
  const town = [provider?.postalCode?.trim() ?? '', provider?.town?.trim() ?? '']
    .filter((part) => part !== '')
    .join(' ');
  return street === '' || town === '' ? null : `${street}, ${town}`;
}

function recipientLine(draft: NotificationDraft, provider: Provider | undefined): string {
  if (draft.to !== null) return `À : ${draft.to}`;
  const address = postalAddress(provider);
  return address === null
    ? 'À : adresse e-mail inconnue dans le registre : à envoyer par voie postale (adresse postale à compléter dans la fiche prestataire)'
    : `À : adresse e-mail inconnue dans le registre : à envoyer par voie postale, ${address}`;
}

/**
 * The e-mail to the chargé(e) de mission that carries a draft: the system never writes to a
 * consultant itself (the guide has the DLA inform them, and a decision may still be reversed).
 * A French header names the consultant, the address to use (or the post, with the register's
 * postal address, when no e-mail is known) and the subject, then the draft as it should be sent,
 * then how to close the « Non-retenu informé le » follow-up. `provider` is the consultant's
 * register sheet, when known.
 */
export function draftDeliveryMail(
  draft: NotificationDraft,
  provider: Provider | undefined,
): DraftDeliveryMail {
  const text = [
    [
      `Proposition de courriel à envoyer au prestataire non retenu ${providerLabel(draft.providerId, provider)}.`,
      'Ce courriel n’a pas été envoyé au prestataire : relisez-le, puis envoyez-le vous-même.',
    ].join('\n'),
    [recipientLine(draft, provider), `Objet : ${draft.subject}`].join('\n'),
    DRAFT_SEPARATOR,
    draft.body,
    DRAFT_SEPARATOR,
    `Une fois envoyé, saisissez la date dans la colonne « Non-retenu informé le » de ${draft.solicitationId} : l'alerte correspondante restera ouverte jusque-là.`,
  ].join('\n\n');
  return {
    key: `non-retenu-${draft.key}`,
    subject: `À transmettre : ${draft.subject}`,
    text: `${text}\n`,
  };
}
