import { outboxInsertSql } from './outbox.service';

describe('outboxInsertSql', () => {
  it('writes every column add() writes, a new id unless the writer gives one', () => {
    const sql = outboxInsertSql(
      { organizationId: '$1', topic: '$2', payload: `'{}'::jsonb`, from: 'FROM t' },
      {
        id: 't.job_id',
        organizationId: 't.org',
        job: { queue: '$3', name: `'slack-alert'` },
        payload: `jsonb_build_object('alertId', t.id)`,
        from: 'FROM t WHERE t.job_id IS NOT NULL',
      },
    );
    expect(sql).toBe(
      [
        'INSERT INTO outbox_event (id, organization_id, topic, queue, job_name, payload)',
        'SELECT gen_random_uuid(), $1, $2, NULL, NULL,',
        `       '{}'::jsonb`,
        '  FROM t',
        'UNION ALL',
        `SELECT t.job_id, t.org, NULL, $3, 'slack-alert',`,
        `       jsonb_build_object('alertId', t.id)`,
        '  FROM t WHERE t.job_id IS NOT NULL',
      ].join('\n'),
    );
  });

  it('writes each row its trace context when a source gives one, the default for the others', () => {
    const sql = outboxInsertSql(
      {
        organizationId: 't.org',
        topic: `'a'`,
        payload: 't.p',
        from: 'FROM t',
        traceparent: 't.tp',
      },
      { organizationId: 't.org', topic: `'b'`, payload: 't.p', from: 'FROM t' },
    );
    expect(sql).toBe(
      [
        'INSERT INTO outbox_event (id, organization_id, topic, queue, job_name, payload, traceparent)',
        `SELECT gen_random_uuid(), t.org, 'a', NULL, NULL,`,
        '       t.p,',
        '       t.tp',
        '  FROM t',
        'UNION ALL',
        `SELECT gen_random_uuid(), t.org, 'b', NULL, NULL,`,
        '       t.p,',
        `       NULLIF(current_setting('switchboard.traceparent', true), '')`,
        '  FROM t',
      ].join('\n'),
    );
  });

  it('refuses rows with neither a topic nor a job (the relay would publish nothing)', () => {
    expect(() => outboxInsertSql({ organizationId: '$1', payload: '$2', from: '' })).toThrow(
      /topic, a job, or both/,
    );
  });
});
