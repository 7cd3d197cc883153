/**
 * The assistant requests of bench:assistant and bench:load, each with the
 * status and the gist of a right answer in the organization that
 * `seed` (bench/assistant.ts) builds.
 */
export interface Step {
  text: string;
  /** Continue the previous step's conversation. */
  follows?: boolean;
  status: 'COMPLETED' | 'NEEDS_CLARIFICATION';
  /** The gist of a right answer (the status alone would accept a wrong tool). */
  gist: RegExp;
}

/** The mix: a script is one conversation (the create and its "make it urgent" are one). */
export const SCRIPTS: Step[][] = [
  [{ text: "what's on my plate", status: 'COMPLETED', gist: /^\d+ tasks?: / }],
  [
    {
      text: 'list open tasks for the dispatch team',
      status: 'COMPLETED',
      gist: /^\d+ tasks?: /,
    },
  ],
  [{ text: 'where is truck 3', status: 'COMPLETED', gist: /^Truck 3 was at / }],
  [
    {
      text: 'when are Priya and I both free tomorrow',
      status: 'COMPLETED',
      gist: /^Free: /,
    },
  ],
  [
    {
      text: 'add a task for Marcus to pick up the tire samples by Friday',
      status: 'COMPLETED',
      gist: /^Created the task "Pick up the tire samples", assigned to Marcus Lee, due Friday /,
    },
    {
      text: 'make it urgent',
      follows: true,
      status: 'COMPLETED',
      gist: /^Updated "Pick up the tire samples": urgent priority\.$/,
    },
  ],
  [{ text: "what's due this week", status: 'COMPLETED', gist: /^(\d+ tasks?: |No tasks match)/ }],
  [
    {
      text: 'add a task for Alex to restock the first aid kits',
      status: 'NEEDS_CLARIFICATION',
      gist: /Alex/,
    },
  ],
];
