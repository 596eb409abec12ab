import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workbookFileName } from '../../../sheets/layouts/workbook-layout';
import type { MissionSuggestions } from '../../../shared/use-cases/suggest-providers';
import { dlaExit } from '../../support/dla-cli';
import { columnOf, openSheet, typeCell } from '../../support/xlsx-sheet';

/** The missions of the tab whose « Prestataires suggérés » cell lists consultants, with their IDs in order. */
async function suggestionColumn(file: string): Promise<{ row: number; id: string; providers: string[] }[]> {
  const { sheet } = await openSheet(file, 'Missions');
  const idCol = columnOf(sheet, 'ID');
  const suggestedCol = columnOf(sheet, 'Prestataires suggérés');
  const found: { row: number; id: string; providers: string[] }[] = [];
  sheet.eachRow((row, n) => {
    const text = String(row.getCell(suggestedCol).value ?? '');
    if (n === 1 || !text.startsWith('PRE-')) return;
    found.push({
      row: n,
      id: String(row.getCell(idCol).value),
      providers: text.split(' ; ').map((s) => s.split(' ')[0] ?? ''),
    });
  });
  return found;
}

describe('dla suggest on the demo workspace (dla init --demo)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-suggest-'));
  const file = path.join(dir, workbookFileName('CBE-LM'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const init = await dlaExit('init', '--dir', dir, '--demo');
    expect(init.code).toBe(0);
  }, 120_000);

  it('lists the consultants of the « Prestataires suggérés » column, in its order, with names, scores, reasons and e-mails', async () => {
    const [first] = await suggestionColumn(file);
    if (!first) throw new Error('the demo has no mission in a call for proposals');

    const json = await dlaExit('suggest', '--dir', dir, '--mission', first.id, '--json');
    expect(json).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(json.stdout) as MissionSuggestions;
    expect(result).toMatchObject({ missionId: first.id, owner: 'CBE-LM' });
    expect(result.suggestions.map((s) => s.providerId)).toEqual(first.providers);
    for (const s of result.suggestions) {
      expect(s.legalName).toEqual(expect.any(String));
      expect(s.email).toMatch(/@/);
      expect(s.reasons[0]).toBe(`compétence ${result.competence}`);
      expect(result.alreadySolicited).not.toContain(s.providerId);
    }

    const human = await dlaExit('suggest', '--dir', dir, '--mission', first.id.toLowerCase());
    expect(human.code).toBe(0);
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Mission ${first.id} — ${result.title ?? ''} (CBE-LM)`);
    expect(lines[1]).toContain(`Compétence requise : ${result.competence}`);
    expect(human.stdout).toContain(`${result.suggestions.length} prestataire(s) suggéré(s), le meilleur d’abord :`);
    result.suggestions.forEach((s, i) => {
      const heading = lines.findIndex((l) => l.startsWith(`  ${i + 1}. ${s.providerId}  `));
      expect(heading).toBeGreaterThan(1);
      expect(lines[heading]).toContain(s.legalName ?? '');
      expect(lines[heading]).toMatch(/ — score \d+(,\d+)?$/);
      expect(lines[heading + 1]).toBe(`     ${s.reasons.slice(1).join(', ')}`);
      expect(lines[heading + 2]).toBe(`     ${s.email ?? ''}`);
    });

    const two = await dlaExit('suggest', '--dir', dir, '--mission', first.id, '--limit', '2', '--json');
    expect((JSON.parse(two.stdout) as MissionSuggestions).suggestions.map((s) => s.providerId)).toEqual(
      first.providers.slice(0, 2),
    );
  }, 120_000);

  it.each([
    [['--mission', 'MIS-CBE-LM-0001', '--limit', '0'], '--limit : nombre entier de 1 à 20 attendu, pas « 0 ».'],
    [['--mission', 'MIS-CBE-LM-0001', '--limit', '21'], '--limit : nombre entier de 1 à 20 attendu, pas « 21 ».'],
    [['--mission', 'MIS-CBE-LM-0001', '--exclude-decliners', 'deux'], '--exclude-decliners : nombre entier de 1 à 10 attendu, pas « deux ».'],
    [['--mission', 'PRE-0001'], 'Suggestion impossible : « PRE-0001 » n’est pas une mission : indiquez un identifiant MIS-… (ex. MIS-CBE-LM-0042). [NOT_A_MISSION]'],
    [['--mission', 'MIS-CBE-LM-9999'], 'Suggestion impossible : La mission MIS-CBE-LM-9999 n’existe pas : vérifiez l’identifiant. [MISSION_UNKNOWN]'],
    [['--mission', 'MISSION-42'], 'Suggestion impossible : Identifiant « MISSION-42 » illisible : il est attribué par le système (ex. MIS-CBE-LM-0042). [ID_INVALID]'],
  ])('refuses %j in French, exit code 1', async (args, message) => {
    const result = await dlaExit('suggest', '--dir', dir, ...args);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `${message}\n` });
  }, 60_000);

  it('asks for the required competence once it is erased from the sheet and synced', async () => {
    const [first] = await suggestionColumn(file);
    if (!first) throw new Error('the demo has no mission in a call for proposals');
    await typeCell(file, 'Missions', first.row, 'Compétence requise', null);
    const sync = await dlaExit('sync', '--dir', dir, '--operator', 'CBE-LM', '--json');
    expect(sync.code).toBe(0);

    const result = await dlaExit('suggest', '--dir', dir, '--mission', first.id);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `Suggestion impossible : Indiquez la compétence requise de la mission ${first.id} (onglet Missions) pour obtenir des suggestions. [COMPETENCE_MISSING]\n`,
    });
  }, 120_000);
});
