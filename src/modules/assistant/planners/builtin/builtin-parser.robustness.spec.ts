import { parseRequest } from './builtin-parser';
import { DIRECTORY, IDS } from './builtin-requests.fixture';

/**
 * Word salad from the grammar's own vocabulary (seeded, so a failure
 * reproduces): the parser must always answer with an intent, never throw.
 */
it('never throws, whatever words come in', () => {
  const words = [
    ...'add a task for Marcus to by Friday delete it the tire at 3pm in 2 hours move cancel'.split(
      ' ',
    ),
    ...'standup where is truck 12 alerts score call free schedule with Priya and I quality'.split(
      ' ',
    ),
    ...'report campaign next week " : - ? tomorrow mark done assign me comment on note remind'.split(
      ' ',
    ),
    ...", who email urgent van 3 calendar plate overdue team dispatch 's".split(' '),
  ];
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const failures: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const length = 1 + Math.floor(random() * 10);
    const text = Array.from({ length }, () => words[Math.floor(random() * words.length)]).join(' ');
    for (const timeZone of ['America/New_York', 'Asia/Tokyo']) {
      try {
        const intent = parseRequest(text, {
          now: new Date('2026-12-02T15:00:00Z'),
          timeZone,
          callerId: i % 2 ? IDS.dana : null,
          directory: DIRECTORY,
          memory:
            i % 3
              ? {}
              : {
                  lastTaskId: IDS.newTask,
                  builtin: {
                    pending: {
                      text: 'add a task for Marcus to wash',
                      slot: 'person',
                      mention: 'marcus',
                      options: [],
                    },
                  },
                },
        });
        if (!['tool', 'clarify', 'unknown'].includes(intent.kind)) failures.push(text);
      } catch (error) {
        failures.push(`${text} :: ${(error as Error).message}`);
      }
    }
  }
  expect(failures).toEqual([]);
});
