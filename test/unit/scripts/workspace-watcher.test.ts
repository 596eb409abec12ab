import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkbookOwner } from '../../../shared/domain/operator';
import { fail, ok, type Result } from '../../../shared/domain/result';
import type { SyncReport } from '../../../shared/domain/sync/plan-sync';
import { workbookFileName } from '../../../sheets/layouts/workbook-layout';
import { WorkspaceWatcher, describeWatchedSync } from '../../../scripts/workspace-watcher';

const OWNER: WorkbookOwner = 'CBE-LM';

function report(over: Partial<SyncReport> = {}): SyncReport {
  return {
    operator: OWNER,
    created: 2,
    updated: 1,
    unchanged: 75,
    archived: 0,
    restored: 3,
    stale: 0,
    rejected: [],
    warnings: [],
    ...over,
  };
}

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dla-watcher-'));
  fs.writeFileSync(path.join(dir, workbookFileName(OWNER)), 'classeur');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A watcher whose syncs answer `answers` in turn (the last one again and again). */
function watcher(answers: Result<SyncReport>[]): { said: string[]; tick(): Promise<void> } {
  const said: string[] = [];
  let call = 0;
  const w = new WorkspaceWatcher(
    dir,
    [OWNER],
    () => Promise.resolve(answers[Math.min(call++, answers.length - 1)] ?? ok(report())),
    (m) => said.push(m),
  );
  return { said, tick: () => w.tick() };
}

describe('the watcher of dla start', () => {
  it('says an unreadable workbook once, however many times it retries, and again when the reason changes', async () => {
    const unreadable = fail(
      'WORKBOOK_UNREADABLE',
      "Le classeur dla-CBE-LM.xlsx est illisible (ce n'est pas un fichier .xlsx complet).",
    );
    const locked = fail('WORKBOOK_LOCKED', 'Le classeur dla-CBE-LM.xlsx est verrouillé.');
    const w = watcher([unreadable, unreadable, unreadable, unreadable, locked, ok(report())]);
    for (let i = 0; i < 14; i += 1) await w.tick();
    expect(w.said).toEqual([
      expect.stringMatching(
        /^dla-CBE-LM\.xlsx : Le classeur dla-CBE-LM\.xlsx est illisible .*ne sera redit que s'il change\.$/,
      ),
      expect.stringMatching(/^dla-CBE-LM\.xlsx : Le classeur dla-CBE-LM\.xlsx est verrouillé\./),
      'dla-CBE-LM.xlsx synchronisé : 2 créé(s), 1 modifié(s), 0 archivé(s), 3 restauré(s), 0 refus.',
    ]);
  });

  it.each([
    [
      [],
      'dla-CBE-LM.xlsx synchronisé : 2 créé(s), 1 modifié(s), 0 archivé(s), 3 restauré(s), 0 refus.',
    ],
    [
      ['Onglet « Missions 2026 » inconnu : ses lignes ne sont pas lues.'],
      'dla-CBE-LM.xlsx synchronisé : 2 créé(s), 1 modifié(s), 0 archivé(s), 3 restauré(s), 0 refus, 1 avertissement(s).\n' +
        '  ! Onglet « Missions 2026 » inconnu : ses lignes ne sont pas lues.',
    ],
  ])('summarises a sync with restored records and warnings (%j)', (warnings, line) => {
    expect(describeWatchedSync('dla-CBE-LM.xlsx', report({ warnings }))).toBe(line);
  });
});
