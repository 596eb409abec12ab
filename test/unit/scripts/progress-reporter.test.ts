import {
  createProgressReporter,
  formatDuration,
  progressLine,
} from '../../../scripts/cli/progress-reporter';

function stream(isTTY: boolean): { isTTY: boolean; text: string[]; write(t: string): boolean } {
  const text: string[] = [];
  return { isTTY, text, write: (t: string) => text.push(t) > 0 };
}

describe('progress of long commands', () => {
  it.each([
    [400, '0,4 s'],
    [12_049, '12,0 s'],
    [125_000, '2 min 05 s'],
    [3_725_000, '1 h 02 min'],
  ])('%d ms reads « %s »', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [
      { step: 'Lecture du classeur CBE-LM', done: 3, total: 8 },
      'Lecture du classeur CBE-LM : 3/8 (37 %)',
    ],
    [
      { step: 'Export du registre (csv)', done: 1200, total: null },
      'Export du registre (csv) : 1200',
    ],
  ])('%j → %s', (event, line) => {
    expect(progressLine(event)).toBe(line);
  });

  it('writes plain lines when not on a terminal: one per step, at most one every interval within a step, and the last state', () => {
    const out = stream(false);
    let clock = 0;
    const progress = createProgressReporter({ stream: out, now: () => clock, everyMs: 2000 });
    progress.report({ step: 'Démonstration CBE-LM : Structures', done: 1, total: 31 });
    clock = 500;
    progress.report({ step: 'Démonstration CBE-LM : Structures', done: 2, total: 31 });
    clock = 2600;
    progress.report({ step: 'Démonstration CBE-LM : Structures', done: 3, total: 31 });
    clock = 2700;
    progress.report({ step: 'Démonstration CBE-LM : Missions', done: 4, total: 31 });
    progress.report({ step: 'Démonstration CBE-LM : Missions', done: 5, total: 31 });
    clock = 3000;
    expect(progress.stop()).toBe(3000);
    expect(out.text).toEqual([
      'Démonstration CBE-LM : Structures : 1/31 (3 %)\n',
      'Démonstration CBE-LM : Structures : 3/31 (9 %)\n',
      'Démonstration CBE-LM : Missions : 4/31 (12 %)\n',
      'Démonstration CBE-LM : Missions : 5/31 (16 %)\n',
    ]);
  });

  it('writes plain lines with --json even on a terminal (stderr only: stdout stays JSON)', () => {
    const out = stream(true);
    const progress = createProgressReporter({ stream: out, json: true });
    progress.report({ step: 'Lecture de la base', done: 0, total: 3 });
    progress.stop();
    expect(out.text).toEqual(['Lecture de la base : 0/3 (0 %)\n']);
  });

  it('draws a bar with counts and the remaining time on a terminal', () => {
    const out = stream(true);
    const progress = createProgressReporter({ stream: out });
    progress.report({ step: 'Export du registre (xlsx)', done: 200, total: 1000 });
    progress.report({ step: 'Export du registre (xlsx)', done: 1000, total: 1000 });
    progress.stop();
    const drawn = out.text.join('');
    expect(drawn).toContain('Export du registre (xlsx) [');
    expect(drawn).toContain('1000/1000 | reste ');
  });
});
