import { ALERTS_TAB, ALERTS_TAB_HEADERS } from '../../../../shared/domain/alert-lifecycle';
import type { Mission } from '../../../../shared/domain/mission';
import type { Provider } from '../../../../shared/domain/provider';
import type { Solicitation } from '../../../../shared/domain/solicitation';
import type { StoredRecord } from '../../../../shared/domain/stored-record';
import {
  MAIL_LOG_DOCUMENT,
  MAIL_LOG_FAMILY,
  runOperatorAlerts,
  type AlertRecipients,
  type AlertRunReport,
} from '../../../../shared/use-cases/run-alerts';
import { missionAtStage } from '../../../support/builders/mission-builder';
import { aProviderSheet } from '../../../support/builders/provider-builder';
import {
  BUILDER_MISSION_ID,
  aDeclinedSolicitation,
  aSolicitation,
} from '../../../support/builders/solicitation-builder';
import { aStoredRecord } from '../../../support/builders/stored-record-builder';
import { InMemoryRecordStore } from '../../../support/fakes/in-memory-record-store';
import { InMemoryWorkbookGateway } from '../../../support/fakes/in-memory-workbook-gateway';
import { RecordingMailer } from '../../../support/fakes/recording-mailer';

const TODAY = '2025-02-21';
const OFFICER = 'camille.durand@cbe-lille.fr';
const SUBJECT =
  "Comité de Bassin d'Emploi de Lille Métropole : suite donnée à votre proposition pour la mission « Consolidation du modèle économique »";
const REASON = 'Comme vous nous l’avez demandé, voici le motif de notre choix :';
const KEY_0103 = `non-retenu-${BUILDER_MISSION_ID}:SOL-CBE-LM-0103`;
const KEY_0104 = `non-retenu-${BUILDER_MISSION_ID}:SOL-CBE-LM-0104`;

const NO_DEFAULTS: AlertRecipients = { operators: {}, c2ra: [] };

function missionRecord(overrides: Partial<Mission> = {}): StoredRecord {
  return aStoredRecord({
    id: BUILDER_MISSION_ID,
    data: { ...missionAtStage('awarded', overrides) },
    fieldTimes: {},
    rejected: {},
  });
}

function solicitationRecord(n: number, solicitation: Solicitation): StoredRecord {
  return aStoredRecord({
    id: `SOL-CBE-LM-${String(100 + n).padStart(4, '0')}`,
    kind: 'solicitation',
    data: { ...solicitation },
    fieldTimes: {},
    rejected: {},
  });
}

function providerRecord(id: string, sheet: Partial<Provider>): StoredRecord {
  return aStoredRecord({
    id,
    kind: 'provider',
    owner: 'C2RA',
    data: { ...aProviderSheet(sheet) },
    fieldTimes: {},
    rejected: {},
  });
}

/**
 * The builders' mission, awarded on 20/02/2025: PRE-0012 retained, PRE-0027 declined on receipt,
 * PRE-0031 (asked for the reason) and PRE-0044 (no e-mail in the register) not retained.
 */
function awardedCall(mission: Partial<Mission> = {}) {
  const store = new InMemoryRecordStore();
  const records = [
    missionRecord(mission),
    solicitationRecord(1, aSolicitation({ decision: 'Retenu' })),
    solicitationRecord(2, aDeclinedSolicitation()),
    solicitationRecord(
      3,
      aSolicitation({
        providerId: 'PRE-0031',
        answeredOn: '2025-02-06',
        priceCents: 612_000,
        methodologyByOfficer: 3,
        methodologyByBeneficiary: 3,
        decision: 'Non retenu',
        reasonRequested: true,
      }),
    ),
    solicitationRecord(
      4,
      aSolicitation({
        providerId: 'PRE-0044',
        answeredOn: '2025-02-05',
        priceCents: 575_000,
        profileByOfficer: 3,
        decision: 'Non retenu',
        reasonRequested: false,
      }),
    ),
    providerRecord('PRE-0012', {}),
    providerRecord('PRE-0027', {
      legalName: 'Atelier Coopératif Flandre',
      siret: '41816609600069',
    }),
    providerRecord('PRE-0031', {
      legalName: 'Horizons Solidaires',
      siret: '55208131766522',
      contactName: 'Karim Benali',
      email: 'contact@horizons-solidaires.fr',
      street: '27 rue des Archives',
      postalCode: '62000',
      town: 'Arras',
    }),
    providerRecord('PRE-0044', {
      legalName: 'Sambre Avesnois Conseil',
      siret: '44306184100047',
      contactName: null,
      email: null,
      street: '3 place du Général de Gaulle',
      postalCode: '59600',
      town: 'Maubeuge',
    }),
  ];
  for (const r of records) store.records.set(r.id, r);
  const gateway = new InMemoryWorkbookGateway();
  gateway.setTab('CBE-LM', ALERTS_TAB, ALERTS_TAB_HEADERS);
  const mailer = new RecordingMailer();
  const ports = { store, gateway, mailer, clock: { now: () => new Date('2025-02-21T07:00:00Z') } };
  const run = async (options: { recipients?: AlertRecipients; dryRun?: boolean } = {}) => {
    const result = await runOperatorAlerts(ports, 'CBE-LM', {
      recipients: options.recipients ?? NO_DEFAULTS,
      at: TODAY,
      ...(options.dryRun === undefined ? {} : { dryRun: options.dryRun }),
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  return { store, mailer, run };
}

function drafts(report: AlertRunReport): [string, string][] {
  return report.mails.filter((m) => m.kind === 'draft').map((m) => [m.key, m.status]);
}

function draftsSent(mailer: RecordingMailer) {
  return mailer.sent.filter((m) => m.key.startsWith('non-retenu-'));
}

describe('runOperatorAlerts: drafts of the « non retenu » notices', () => {
  it('hands exactly one draft per consultant not retained to the chargé de mission, with the reason only where asked', async () => {
    const { mailer, run } = awardedCall();
    const report = await run();

    expect(drafts(report)).toEqual([
      [KEY_0103, 'sent'],
      [KEY_0104, 'sent'],
    ]);
    expect(report.mails.filter((m) => m.kind === 'draft').map((m) => m.about)).toEqual([
      'PRE-0031 — Horizons Solidaires, SOL-CBE-LM-0103',
      'PRE-0044 — Sambre Avesnois Conseil, SOL-CBE-LM-0104',
    ]);
    const [horizons, sambre] = draftsSent(mailer);
    expect(draftsSent(mailer).map((m) => [m.key, m.to, m.subject])).toEqual([
      [KEY_0103, [OFFICER], `À transmettre : ${SUBJECT}`],
      [KEY_0104, [OFFICER], `À transmettre : ${SUBJECT}`],
    ]);
    expect(horizons?.text.split('\n').slice(0, 5)).toEqual([
      'Proposition de courriel à envoyer au prestataire non retenu PRE-0031 — Horizons Solidaires.',
      'Ce courriel n’a pas été envoyé au prestataire : relisez-le, puis envoyez-le vous-même.',
      '',
      'À : contact@horizons-solidaires.fr',
      `Objet : ${SUBJECT}`,
    ]);
    expect(horizons?.text).toContain('Bonjour Karim Benali,');
    expect(horizons?.text).toContain(`${REASON} votre proposition est classée`);
    expect(horizons?.text).toContain(
      "Une fois envoyé, saisissez la date dans la colonne « Non-retenu informé le » de SOL-CBE-LM-0103 : l'alerte correspondante restera ouverte jusque-là.",
    );

    expect(sambre?.text).toContain(
      'À : adresse e-mail inconnue dans le registre : à envoyer par voie postale, 3 place du Général de Gaulle, 59600 Maubeuge',
    );
    expect(sambre?.text).toContain('Madame, Monsieur,');
    expect(sambre?.text).not.toContain(REASON);
    expect(sambre?.text).not.toContain('/100');
    // The consultants themselves are never written to.
    expect(mailer.sent.flatMap((m) => m.to)).not.toContain('contact@horizons-solidaires.fr');
    expect(report.warnings).toEqual([]);
  });

  it('sends nothing again on the next runs, and stops drafting once « Non-retenu informé le » is filled', async () => {
    const { store, mailer, run } = awardedCall();
    await run();
    const second = await run();
    expect(drafts(second)).toEqual([
      [KEY_0103, 'already sent'],
      [KEY_0104, 'already sent'],
    ]);
    expect(draftsSent(mailer)).toHaveLength(2);

    const notified = store.records.get('SOL-CBE-LM-0103');
    if (!notified) throw new Error('SOL-CBE-LM-0103 missing');
    store.records.set(notified.id, {
      ...notified,
      data: { ...notified.data, notifiedOn: '2025-02-24' },
    });
    const third = await run();
    expect(drafts(third)).toEqual([[KEY_0104, 'already sent']]);
    expect(draftsSent(mailer)).toHaveLength(2);
  });

  it.each([
    [
      'the mission names no chargé de mission: the operator’s default recipients',
      { officerEmail: null },
      { operators: { 'CBE-LM': { 'chargé de mission': ['equipe@cbe-lille.fr'] } }, c2ra: [] },
      ['equipe@cbe-lille.fr'],
    ],
    [
      'the mission names one: only them, not the defaults',
      {},
      { operators: { 'CBE-LM': { 'chargé de mission': ['equipe@cbe-lille.fr'] } }, c2ra: [] },
      [OFFICER],
    ],
  ])('delivers to the right person when %s', async (_case, mission, recipients, to) => {
    const { mailer, run } = awardedCall(mission);
    await run({ recipients });
    expect(draftsSent(mailer).map((m) => m.to)).toEqual([to, to]);
  });

  it('warns in French, and sends nothing, when nobody can receive the drafts', async () => {
    const { mailer, run } = awardedCall({ officerEmail: null });
    const report = await run();
    expect(drafts(report)).toEqual([]);
    expect(draftsSent(mailer)).toEqual([]);
    expect(report.warnings).toEqual([
      "Proposition de courriel au prestataire non retenu PRE-0031 (SOL-CBE-LM-0103) non transmise : la mission MIS-CBE-LM-0042 n'a pas de « Chargé(e) de mission (e-mail) » et aucun destinataire « chargé de mission » par défaut n'est configuré pour CBE-LM.",
      "Proposition de courriel au prestataire non retenu PRE-0044 (SOL-CBE-LM-0104) non transmise : la mission MIS-CBE-LM-0042 n'a pas de « Chargé(e) de mission (e-mail) » et aucun destinataire « chargé de mission » par défaut n'est configuré pour CBE-LM.",
    ]);
  });

  it('sends nothing and logs nothing in a dry run; the real run sends afterwards', async () => {
    const { store, mailer, run } = awardedCall();
    const dry = await run({ dryRun: true });
    expect(drafts(dry)).toEqual([
      [KEY_0103, 'not sent (simulation)'],
      [KEY_0104, 'not sent (simulation)'],
    ]);
    expect(mailer.sent).toEqual([]);
    expect(await store.readEntries('CBE-LM', MAIL_LOG_FAMILY)).toStrictEqual(new Map());
    expect(drafts(await run())).toEqual([
      [KEY_0103, 'sent'],
      [KEY_0104, 'sent'],
    ]);
  });

  it('retries a draft the mailer failed to send at the next run', async () => {
    const { mailer, run } = awardedCall();
    mailer.failures = 100;
    const failed = await run();
    expect(drafts(failed)).toEqual([
      [KEY_0103, 'failed'],
      [KEY_0104, 'failed'],
    ]);
    mailer.failures = 0;
    const retried = await run();
    expect(drafts(retried)).toEqual([
      [KEY_0103, 'sent'],
      [KEY_0104, 'sent'],
    ]);
    expect(draftsSent(mailer)).toHaveLength(2);
  });

  it.each([
    ['closed', { closedOn: '2025-02-21' }],
    ['stopped', { interruptionKind: 'Arrêt' as const, interruptionOn: '2025-02-21' }],
  ])('drafts nothing for a %s mission, like the alert rules', async (_status, mission) => {
    const { mailer, run } = awardedCall(mission);
    expect(drafts(await run())).toEqual([]);
    expect(draftsSent(mailer)).toEqual([]);
  });

  it('reads a mail log kept in the old single document, moves it to one entry per e-mail, and never sends twice', async () => {
    const { store, mailer, run } = awardedCall();
    const sentBefore = { status: 'sent', attempts: 1, at: '2025-02-20T07:00:00.000Z' };
    await store.writeDocument('CBE-LM', MAIL_LOG_DOCUMENT, { [KEY_0103]: sentBefore });
    expect(drafts(await run())).toEqual([
      [KEY_0103, 'already sent'],
      [KEY_0104, 'sent'],
    ]);
    expect(draftsSent(mailer).map((m) => m.key)).toEqual([KEY_0104]);
    expect(await store.readDocument('CBE-LM', MAIL_LOG_DOCUMENT)).toBeNull();
    const entries = await store.readEntries('CBE-LM', MAIL_LOG_FAMILY);
    expect(entries.get(KEY_0103)).toEqual(sentBefore);
    expect(entries.get(KEY_0104)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
