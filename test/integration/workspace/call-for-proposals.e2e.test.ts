import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workbookFileName } from '../../../sheets/layouts/workbook-layout';
import type { WorkbookOwner } from '../../../shared/domain/operator';
import { PROPOSAL_CONTENTS } from '../../../shared/domain/solicitation';
import type { SyncReport } from '../../../shared/domain/sync/plan-sync';
import { evaluatorScores } from '../../support/builders/solicitation-builder';
import { PROVIDER_ROWS } from '../../support/builders/workbook-rows';
import { runDla } from '../../support/dla-cli';
import { readEml } from '../../support/eml';
import { readColumns, typeCell, typeRows } from '../../support/xlsx-sheet';

/** Runs the `dla` command line as a person would (`npm run dla -- …`); its output. */
async function dla(...args: string[]): Promise<string> {
  return (await runDla(...args)).stdout;
}

type Values = Readonly<Record<string, string | number | null>>;

async function sync(dir: string, owner: WorkbookOwner): Promise<SyncReport> {
  const report = JSON.parse(await dla('sync', '--dir', dir, '--operator', owner, '--json')) as SyncReport;
  expect(report.rejected).toEqual([]);
  return report;
}

const ALL = PROPOSAL_CONTENTS.join(', ');

/** Both evaluators gave `n` out of 5 on the five qualitative criteria. */
function scores(n: number): Values {
  return evaluatorScores([n, n], [n, n], [n, n], [n, n], [n, n]);
}

describe('a call for proposals end to end, in the local workspace (dla init, typed in .xlsx, dla sync, dla alerts)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-call-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const fileOf = (owner: WorkbookOwner) => path.join(dir, workbookFileName(owner));

  it('scores, ranks and flags 4 solicitations in the sheet; marking one « Retenu » decides the others and makes 3 notification drafts', async () => {
    await dla('init', '--dir', dir);
    await typeRows(fileOf('C2RA'), 'Registre', [
      ...PROVIDER_ROWS.map((p) => ({ ...p, competences: 'Modèle économique' }) as Values),
      {
        legalName: 'Atelier Flandre Associations',
        siret: '812 345 601 00007',
        postalCode: '59800',
        town: 'Lille',
        contactName: 'Paul Deschamps',
        email: 'paul.deschamps@atelier-flandre.fr',
        competences: 'Modèle économique',
        areas: 'Métropole lilloise',
      },
    ]);
    expect((await sync(dir, 'C2RA')).created).toBe(4);

    await typeRows(fileOf('CBE-LM'), 'Structures', [
      { name: 'Les Amis du Théâtre de Roubaix', identifier: 'W595012345', legalForm: 'Association loi 1901', sector: 'Culture', town: 'Roubaix', postalCode: '59100' },
    ]);
    await sync(dir, 'CBE-LM');
    await typeRows(fileOf('CBE-LM'), 'Accompagnements', [
      { beneficiaryId: 'STR-CBE-LM-0001', diagnosticOn: '05/10/2026', issues: 'Modèle économique', status: 'En cours' },
    ]);
    await sync(dir, 'CBE-LM');
    await typeRows(fileOf('CBE-LM'), 'Missions', [
      {
        planId: 'ACC-CBE-LM-0001',
        engineeringType: 'Individuelle',
        title: 'Consolidation du modèle économique',
        officerEmail: 'julie.dumont@cbe-lm.fr',
        requiredCompetence: 'Modèle économique',
        budgetCeilingCents: '6 000,00 €',
        termsSentOn: '02/11/2026',
        replyDeadline: '20/11/2026',
      },
    ]);
    await sync(dir, 'CBE-LM');

    // Four consultants solicited; the fourth answered three days after the deadline.
    const solicited = { missionId: 'MIS-CBE-LM-0001', solicitedOn: '02/11/2026', answer: 'Proposition reçue', contents: ALL, proposedDays: 8 };
    await typeRows(fileOf('CBE-LM'), 'Sollicitations', [
      { ...solicited, providerId: 'PRE-0001', answeredOn: '16/11/2026', priceCents: '5 000,00 €', ...scores(4), reasonRequested: 'Oui' },
      { ...solicited, providerId: 'PRE-0002', answeredOn: '18/11/2026', priceCents: '6 500,00 €', ...scores(5) },
      { ...solicited, providerId: 'PRE-0003', answeredOn: '19/11/2026', priceCents: '3 000,00 €', ...scores(3) },
      { ...solicited, providerId: 'PRE-0004', answeredOn: '23/11/2026', priceCents: '5 500,00 €', ...scores(4) },
    ]);
    expect((await sync(dir, 'CBE-LM')).created).toBe(4);

    // Default weights 20/15/25/20/5/15 (85 qualitative points): a criterion scored n/5 by both
    // evaluators gives n/5 of its weight. The lowest admissible price is 3 000 € (the late offer
    // is not admitted), so budget = 15 × 3 000 ÷ price.
    //   PRE-0001: 4/5 × 85 = 68   + 15 × 3 000 ÷ 5 000 = 9      → 77
    //   PRE-0002: 5/5 × 85 = 85   + 15 × 3 000 ÷ 6 500 = 6,923… → 91,92 (6 500 € > ceiling 6 000 €)
    //   PRE-0003: 3/5 × 85 = 51   + 15 × 3 000 ÷ 3 000 = 15     → 66 (3 000 € < 70 % of the mean
    //             of the others, (5 000 + 6 500) ÷ 2 = 5 750 €: 52 %, abnormally low)
    //   PRE-0004: received 23/11/2026 after the deadline of 20/11/2026: not ranked.
    const columns = ['Prestataire (ID)', 'Note budget', 'Note totale /100', 'Rang', 'Signalements'];
    const scored = await readColumns(fileOf('CBE-LM'), 'Sollicitations', columns);
    expect(scored.map((r) => r.slice(0, 4))).toEqual([
      ['PRE-0001', 9, 77, 2],
      ['PRE-0002', 6.92, 91.92, 1],
      ['PRE-0003', 15, 66, 3],
      ['PRE-0004', null, null, null],
    ]);
    const flags = scored.map((r) => String(r[4] ?? ''));
    expect(flags[0]).toBe('');
    expect(flags[1]).toMatch(/supérieur au plafond budgétaire/);
    expect(flags[2]).toMatch(/Offre anormalement basse/);
    expect(flags[3]).toMatch(/20\/11\/2026/);

    // The operator and the structure choose PRE-0002.
    await typeCell(fileOf('CBE-LM'), 'Sollicitations', 3, 'Décision', 'Retenu');
    await sync(dir, 'CBE-LM');
    const decided = await readColumns(fileOf('CBE-LM'), 'Sollicitations', ['Prestataire (ID)', 'Décision']);
    expect(decided).toEqual([
      ['PRE-0001', 'Non retenu'],
      ['PRE-0002', 'Retenu'],
      ['PRE-0003', 'Non retenu'],
      ['PRE-0004', 'Non retenu'],
    ]);
    const [mission] = await readColumns(fileOf('CBE-LM'), 'Missions', ['Prestataire retenu']);
    expect(mission).toEqual(['PRE-0002 — Opale Stratégies']);

    // The morning alerts hand the chargée de mission one draft per consultant not retained.
    const alerts = JSON.parse(
      await dla('alerts', '--dir', dir, '--operator', 'CBE-LM', '--at', '27/11/2026', '--json'),
    ) as { owner: string; mails: { key: string; kind: string; status: string; to: string[] }[] }[];
    const drafts = alerts.flatMap((r) => r.mails).filter((m) => m.kind === 'draft');
    expect(drafts.map((m) => [m.key, m.status, m.to])).toEqual(
      ['SOL-CBE-LM-0001', 'SOL-CBE-LM-0003', 'SOL-CBE-LM-0004'].map((id) => [
        `non-retenu-MIS-CBE-LM-0001:${id}`,
        'sent',
        ['julie.dumont@cbe-lm.fr'],
      ]),
    );
    const outbox = path.join(dir, 'outbox');
    const [ambroise, terrils, flandre] = await Promise.all(
      ['SOL-CBE-LM-0001', 'SOL-CBE-LM-0003', 'SOL-CBE-LM-0004'].map((id) =>
        readEml(path.join(outbox, `non-retenu-MIS-CBE-LM-0001_${id}.eml`)),
      ),
    );
    expect(ambroise?.to).toBe('julie.dumont@cbe-lm.fr');
    expect(ambroise?.subject).toBe(
      "À transmettre : Comité de Bassin d'Emploi de Lille Métropole : suite donnée à votre proposition pour la mission « Consolidation du modèle économique »",
    );
    expect(ambroise?.text).toContain('À : claire.ambroise@ambroise-conseil.fr');
    // PRE-0001 asked for the reason: its rank and total against the retained proposal.
    expect(ambroise?.text).toContain(
      'votre proposition est classée 2e sur 3, avec une note totale de 77/100, contre 91,92/100 pour la proposition retenue.',
    );
    expect(terrils?.text).toContain('À : nadia@terrils.coop');
    expect(terrils?.text).not.toContain('motif de notre choix');
    expect(flandre?.text).toContain('À : paul.deschamps@atelier-flandre.fr');

    // Sent once: the next morning hands over nothing again.
    const again = JSON.parse(
      await dla('alerts', '--dir', dir, '--operator', 'CBE-LM', '--at', '28/11/2026', '--json'),
    ) as typeof alerts;
    expect(
      again
        .flatMap((r) => r.mails)
        .filter((m) => m.kind === 'draft')
        .map((m) => m.status),
    ).toEqual(['already sent', 'already sent', 'already sent']);
  }, 240_000);
});
