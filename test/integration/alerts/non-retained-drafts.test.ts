import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OutboxMailer } from '../../../functions/adapters/outbox-mailer';
import { SqliteRecordStore } from '../../../functions/adapters/sqlite-record-store';
import { XlsxWorkbookGateway } from '../../../functions/adapters/xlsx-workbook-gateway';
import { createMissingWorkbooks } from '../../../scripts/workspace-setup';
import { runDailyAlerts, type AlertRecipients } from '../../../shared/use-cases/run-alerts';
import { missionAtStage } from '../../support/builders/mission-builder';
import { aProviderSheet } from '../../support/builders/provider-builder';
import {
  BUILDER_MISSION_ID,
  aDeclinedSolicitation,
  aSolicitation,
} from '../../support/builders/solicitation-builder';
import { aCreation, aRecordOf } from '../../support/builders/stored-record-builder';
import { readEml } from '../../support/eml';

const recipients: AlertRecipients = {
  operators: { 'CBE-LM': { 'chargé de mission': ['equipe@cbe-lille.fr'] } },
  c2ra: [],
};

describe('« non retenu » drafts through the outbox (xlsx + SQLite + outbox)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-drafts-'));
  const now = new Date('2025-02-21T07:00:00Z');
  const clock = { now: () => now };
  const store = new SqliteRecordStore(path.join(dir, 'dla.sqlite'));
  const outbox = path.join(dir, 'outbox');
  const mailer = new OutboxMailer(
    outbox,
    'DLA Nord – Pas de Calais <ne-pas-repondre@dla-npdc.fr>',
    clock,
  );
  const ports = { store, gateway: new XlsxWorkbookGateway(dir), clock, mailer };

  beforeAll(async () => {
    await createMissingWorkbooks(dir);
    const records = [
      // A mission whose « Chargé(e) de mission (e-mail) » is blank: the operator's team gets the drafts.
      aRecordOf('mission', BUILDER_MISSION_ID, {
        ...missionAtStage('awarded', { officerEmail: null }),
      }),
      aRecordOf('solicitation', 'SOL-CBE-LM-0101', { ...aSolicitation({ decision: 'Retenu' }) }),
      aRecordOf('solicitation', 'SOL-CBE-LM-0102', { ...aDeclinedSolicitation() }),
      aRecordOf('solicitation', 'SOL-CBE-LM-0103', {
        ...aSolicitation({
          providerId: 'PRE-0031',
          priceCents: 612_000,
          decision: 'Non retenu',
          reasonRequested: true,
        }),
      }),
      aRecordOf('solicitation', 'SOL-CBE-LM-0104', {
        ...aSolicitation({ providerId: 'PRE-0044', priceCents: 575_000, decision: 'Non retenu' }),
      }),
      aRecordOf('provider', 'PRE-0012', { ...aProviderSheet() }),
      aRecordOf('provider', 'PRE-0031', {
        ...aProviderSheet({
          legalName: 'Horizons Solidaires',
          siret: '55208131766522',
          contactName: 'Karim Benali',
          email: 'contact@horizons-solidaires.fr',
        }),
      }),
      aRecordOf('provider', 'PRE-0044', {
        ...aProviderSheet({
          legalName: 'Sambre Avesnois Conseil',
          siret: '44306184100047',
          email: null,
          street: '3 place du Général de Gaulle',
          postalCode: '59600',
          town: 'Maubeuge',
        }),
      }),
    ];
    for (const r of records) {
      const applied = await store.apply(aCreation(r));
      if (applied.status !== 'applied') throw new Error(`${r.id} not stored`);
    }
  }, 120_000);
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes one French .eml per draft to the operator’s team, once ever', async () => {
    const first = await runDailyAlerts(ports, { recipients, at: '2025-02-21' }, 'CBE-LM');
    if (!first.ok) throw new Error(first.error.message);
    const drafts = first.value.flatMap((r) => r.mails).filter((m) => m.kind === 'draft');
    expect(drafts.map((m) => [m.key, m.status])).toEqual([
      [`non-retenu-${BUILDER_MISSION_ID}:SOL-CBE-LM-0103`, 'sent'],
      [`non-retenu-${BUILDER_MISSION_ID}:SOL-CBE-LM-0104`, 'sent'],
    ]);

    const horizons = await readEml(
      path.join(outbox, `non-retenu-${BUILDER_MISSION_ID}_SOL-CBE-LM-0103.eml`),
    );
    expect(horizons.to).toBe('equipe@cbe-lille.fr');
    expect(horizons.subject).toBe(
      "À transmettre : Comité de Bassin d'Emploi de Lille Métropole : suite donnée à votre proposition pour la mission « Consolidation du modèle économique »",
    );
    expect(horizons.text).toContain(
      'Proposition de courriel à envoyer au prestataire non retenu PRE-0031 — Horizons Solidaires.',
    );
    expect(horizons.text).toContain('À : contact@horizons-solidaires.fr');
    expect(horizons.text).toContain('Bonjour Karim Benali,');
    expect(horizons.text).toContain(
      'Comme vous nous l’avez demandé, voici le motif de notre choix',
    );

    const sambre = await readEml(
      path.join(outbox, `non-retenu-${BUILDER_MISSION_ID}_SOL-CBE-LM-0104.eml`),
    );
    expect(sambre.text).toContain(
      'À : adresse e-mail inconnue dans le registre : à envoyer par voie postale, 3 place du Général de Gaulle, 59600 Maubeuge',
    );
    expect(sambre.text).not.toContain('motif de notre choix');

    const draftFiles = () =>
      fs
        .readdirSync(outbox)
        .filter((f) => f.startsWith('non-retenu-'))
        .map((f) => [f, fs.statSync(path.join(outbox, f)).mtimeMs]);
    const before = draftFiles();
    const next = await runDailyAlerts(ports, { recipients, at: '2025-02-22' }, 'CBE-LM');
    if (!next.ok) throw new Error(next.error.message);
    expect(
      next.value
        .flatMap((r) => r.mails)
        .filter((m) => m.kind === 'draft')
        .map((m) => m.status),
    ).toEqual(['already sent', 'already sent']);
    // Not rewritten: the outbox holds the same two files, untouched.
    expect(before).toHaveLength(2);
    expect(draftFiles()).toEqual(before);
  }, 60_000);
});
