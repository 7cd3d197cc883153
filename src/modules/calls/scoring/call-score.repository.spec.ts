import { DataSource } from 'typeorm';
import { NamedStatements } from '@/database/named-statement';
import { OutboxRelay } from '@/messaging/outbox/outbox.relay';
import { OutboxService } from '@/messaging/outbox/outbox.service';
import { CallScoreRepository } from './call-score.repository';

describe('CallScoreRepository', () => {
  const queries: Array<{ name?: string; text: string; values: unknown[] }> = [];
  const dataSource = {
    createQueryRunner: () => ({
      query: (text: string, values: unknown[]) => {
        queries.push({ text, values });
        return Promise.resolve({ records: [] });
      },
      release: () => Promise.resolve(),
    }),
  } as unknown as DataSource;
  const outbox = new OutboxService(
    {} as OutboxRelay,
    new NamedStatements(dataSource, { embedded: false }),
  );
  const repository = new CallScoreRepository(
    outbox,
    new NamedStatements(dataSource, { embedded: true }),
  );

  beforeEach(() => (queries.length = 0));

  it('writes the outbox rows of OutboxService.publishSql, with the topics of CallEvents', async () => {
    await repository.claimJobs(['job']);
    await repository.writeScores([]);
    const [claim, write] = queries;
    expect(claim.text).toContain(
      outbox.publishSql({
        organizationId: 'm.organization_id',
        topic: '$2 || m.organization_id',
        payload: `jsonb_build_object('callId', m.id, 'campaignId', m.campaign_id)`,
        from: `FROM marked m WHERE m.score_status = 'SCORING'`,
      }),
    );
    expect(claim.values).toEqual([['job'], 'call.updated.']);
    expect(write.text).toContain(
      'INSERT INTO outbox_event (id, organization_id, topic, queue, job_name, payload, traceparent)',
    );
    expect(write.text).toContain('UNION ALL');
    expect(write.values).toEqual(['[]', 'call.updated.', 'call.scored.']);
  });

  it('inserts topic rows as publish does: no queue, no job name', () => {
    const sql = outbox.publishSql({
      organizationId: 'o',
      topic: 't',
      payload: 'p',
      from: 'FROM x',
    });
    expect(sql).toBe(
      'INSERT INTO outbox_event (id, organization_id, topic, queue, job_name, payload)\n' +
        'SELECT gen_random_uuid(), o, t, NULL, NULL,\n       p\n  FROM x',
    );
  });
});
