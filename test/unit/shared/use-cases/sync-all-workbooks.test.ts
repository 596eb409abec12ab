import { syncAllWorkbooks } from '../../../../shared/use-cases/sync-all-workbooks';
import { registerWorkbook } from '../../../support/builders/operator-workbook';

// The scheduled safety net reconciles every workbook: one that cannot be read, or whose store
// throws, is recorded as failed and the others are still reconciled.

describe('syncAllWorkbooks', () => {
  it('reconciles each workbook in order, one entry per owner', async () => {
    const { ports } = registerWorkbook();
    const entries = await syncAllWorkbooks(ports, ['C2RA'], 'synchronisation planifiée');
    expect(entries).toEqual([
      { owner: 'C2RA', ok: true, report: expect.objectContaining({ created: 3 }) },
    ]);
  });

  it.each([
    ['an expected failure (workbook missing)', 'WORKBOOK_NOT_FOUND', null],
    [
      'a thrown failure (store down)',
      'SYNC_FAILED',
      new Error('connexion perdue : /srv/dla (Marie)'),
    ],
  ])('isolates %s: recorded, and the next workbook still runs', async (_case, code, thrown) => {
    const { ports, gateway } = registerWorkbook();
    const read = gateway.read.bind(gateway);
    jest.spyOn(gateway, 'read').mockImplementation(async (owner) => {
      if (owner === 'CBE-LM' && thrown !== null) throw thrown;
      return read(owner);
    });
    const entries = await syncAllWorkbooks(ports, ['CBE-LM', 'C2RA'], 'test');
    expect(entries.map((e) => [e.owner, e.ok])).toEqual([
      ['CBE-LM', false],
      ['C2RA', true],
    ]);
    const failed = entries[0];
    if (failed === undefined || failed.ok) throw new Error('CBE-LM should have failed');
    expect(failed.error.code).toBe(code);
    // A thrown message may quote data or paths: only its kind is kept.
    expect(failed.error.message).not.toMatch(/Marie|\/srv/);
  });
});
