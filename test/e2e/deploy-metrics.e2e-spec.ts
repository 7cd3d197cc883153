import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { QueueName } from '@/messaging/queue-names';
import { QueueRegistry } from '@/messaging/queue-registry.service';
import { registerUser } from '../factories/identity.factory';
import { graphql } from '../utils/graphql-client';
import { Exposition, namesInExpression, parseExposition, seriesNamesOf } from '../utils/promql';
import { eventually, startApi, TestApp } from '../utils/test-app';
import { connect, subscribe } from '../utils/ws-client';

const DEPLOY = join(__dirname, '..', '..', 'deploy');

interface Panel {
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Array<{ expr?: string; datasource?: { uid?: string } }>;
  panels?: Panel[];
}

interface Dashboard {
  panels: Panel[];
  templating: {
    list: Array<{ name: string; type: string; query?: string | { query?: string } }>;
  };
}

interface Rule {
  alert?: string;
  record?: string;
  expr?: unknown;
  for?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

interface RuleFile {
  groups?: Array<{ name?: unknown; rules?: Rule[] }>;
}

const dashboard = JSON.parse(
  readFileSync(join(DEPLOY, 'grafana', 'switchboard-dashboard.json'), 'utf8'),
) as Dashboard;
const rules = parseYaml(readFileSync(join(DEPLOY, 'prometheus', 'alerts.yml'), 'utf8')) as RuleFile;

function panelsOf(list: Panel[]): Panel[] {
  return list.flatMap((panel) => [panel, ...panelsOf(panel.panels ?? [])]);
}

/** Every PromQL expression of the dashboard, with where it came from. */
function dashboardExpressions(): Array<{ where: string; expr: string }> {
  const found: Array<{ where: string; expr: string }> = [];
  for (const panel of panelsOf(dashboard.panels)) {
    for (const target of panel.targets ?? []) {
      if (target.expr) found.push({ where: `panel "${panel.title}"`, expr: target.expr });
    }
  }
  for (const variable of dashboard.templating.list) {
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    if (variable.type !== 'query' || !query) continue;
    // label_values(metric, label) selects `metric` and needs `label` on it.
    const labelValues = /^label_values\(\s*([^,]+),\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/.exec(query);
    if (!labelValues) throw new Error(`variable ${variable.name}: unexpected query ${query}`);
    found.push({
      where: `variable $${variable.name}`,
      expr: `count by (${labelValues[2]}) (${labelValues[1]})`,
    });
  }
  return found;
}

function alertRules(): Rule[] {
  return (rules.groups ?? []).flatMap((group) => group.rules ?? []);
}

/** Labels Prometheus attaches to every scraped series (target labels), and histogram buckets'. */
const TARGET_LABELS = new Set(['instance', 'job']);

/** Everything an expression names that /metrics does not export, as readable lines. */
function missingFrom(exposition: Exposition, where: string, expr: string): string[] {
  const problems: string[] = [];
  const exported = new Set(
    [...exposition.families].flatMap(([family, type]) => seriesNamesOf(family, type)),
  );
  const { selectors, groupingLabels } = namesInExpression(expr);
  if (selectors.length === 0) problems.push(`${where}: no metric in ${expr}`);
  const labelsInExpression = new Set(TARGET_LABELS);
  for (const { metric, labels } of selectors) {
    if (!exported.has(metric)) {
      problems.push(`${where}: ${metric} is not on /metrics`);
      continue;
    }
    const seen = exposition.series.get(metric);
    if (!seen) {
      problems.push(`${where}: ${metric} has no sample on /metrics to check its labels`);
      continue;
    }
    for (const label of seen) labelsInExpression.add(label);
    for (const label of labels) {
      if (!seen.has(label) && !TARGET_LABELS.has(label)) {
        problems.push(`${where}: ${metric} has no label "${label}"`);
      }
    }
  }
  for (const label of groupingLabels) {
    if (!labelsInExpression.has(label)) {
      problems.push(`${where}: no series of ${expr} has the label "${label}" it groups by`);
    }
  }
  return problems;
}

describe('operations files in deploy/', () => {
  describe('the PromQL reader this test relies on', () => {
    it('finds series names and labels, and nothing else', () => {
      expect(
        namesInExpression(
          'histogram_quantile(0.95, sum by (queue, le) (rate(a_seconds_bucket{instance=~"$instance",queue=~"x|y"}[$__rate_interval])))',
        ),
      ).toEqual({
        selectors: [{ metric: 'a_seconds_bucket', labels: ['instance', 'queue'] }],
        groupingLabels: ['queue', 'le'],
      });
      expect(
        namesInExpression(
          'sum(b_total) == 0 and sum(b_total offset 15m) > 20 unless on (job) absent(c) or max(d{state="by"}) without (e)',
        ),
      ).toEqual({
        selectors: [
          { metric: 'b_total', labels: [] },
          { metric: 'b_total', labels: [] },
          { metric: 'c', labels: [] },
          { metric: 'd', labels: ['state'] },
        ],
        groupingLabels: ['job', 'e'],
      });
    });
  });

  it('alerts.yml is a Prometheus rule file whose alerts have expr, for, severity and summary', () => {
    expect(Array.isArray(rules.groups)).toBe(true);
    const names = new Set<string>();
    for (const group of rules.groups ?? []) {
      expect(typeof group.name).toBe('string');
      expect(names.has(group.name as string)).toBe(false);
      names.add(group.name as string);
      expect(group.rules?.length).toBeGreaterThan(0);
      for (const rule of group.rules ?? []) {
        const which = `${String(group.name)}/${rule.alert ?? rule.record}`;
        expect({ which, alert: typeof rule.alert }).toEqual({ which, alert: 'string' });
        expect({ which, expr: typeof rule.expr }).toEqual({ which, expr: 'string' });
        expect({ which, for: String(rule.for) }).toEqual({
          which,
          for: expect.stringMatching(/^\d+[smhdwy]$/) as unknown,
        });
        expect({ which, severity: rule.labels?.severity }).toEqual({
          which,
          severity: expect.stringMatching(/^(critical|warning|info)$/) as unknown,
        });
        expect({ which, summary: typeof rule.annotations?.summary }).toEqual({
          which,
          summary: 'string',
        });
      }
    }
    // The alerts the operations issue asks for.
    const expressions = alertRules()
      .map((rule) => String(rule.expr))
      .join('\n');
    for (const metric of [
      'switchboard_queue_jobs',
      'switchboard_queue_jobs_processed_total',
      'switchboard_outbox_oldest_pending_age_seconds',
      'switchboard_http_request_duration_seconds_count',
      'switchboard_websocket_connections',
      'switchboard_readiness_check_up',
    ]) {
      expect(expressions).toMatch(new RegExp(`\\b${metric}\\b`));
    }
  });

  it('the dashboard reads its Prometheus from a datasource variable in every panel', () => {
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ type: 'datasource', name: 'datasource', query: 'prometheus' }),
    );
    const panels = panelsOf(dashboard.panels).filter((panel) => panel.type !== 'row');
    expect(panels.length).toBeGreaterThan(20);
    for (const panel of panels) {
      expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({
        panel: panel.title,
        uid: '${datasource}',
      });
      expect({ panel: panel.title, hasQuery: (panel.targets ?? []).some((t) => !!t.expr) }).toEqual(
        { panel: panel.title, hasQuery: true },
      );
    }
  });

  it('still serves /metrics when Redis is down, with the failing checks at 0', async () => {
    const broken = await startApi({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const response = await fetch(`${broken.url}/metrics`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toMatch(/^switchboard_readiness_check_up\{check="database"\} 1$/m);
      expect(text).toMatch(/^switchboard_readiness_check_up\{check="redis"\} 0$/m);
      expect(text).toMatch(/^switchboard_readiness_check_up\{check="queues"\} 0$/m);
      expect(text).toMatch(/^switchboard_outbox_pending_events \d+$/m);
      // The queue depths cannot be read: left out of this scrape, not failing it.
      expect(text).not.toMatch(/^switchboard_queue_jobs\{/m);
    } finally {
      await broken.close().catch(() => undefined);
    }
  });

  describe('against a running api with its worker', () => {
    let api: TestApp;
    let exposition: Exposition;

    beforeAll(async () => {
      api = await startApi({ withWorker: true });
      // Traffic, so that every labelled series has samples: HTTP and GraphQL
      // requests, and one real maintenance job run by the in-process worker.
      await graphql(api.graphqlUrl, 'query DeployMetrics { serverTime }');
      const job = await api.app
        .get(QueueRegistry)
        .get(QueueName.Maintenance)
        .add('prune-outbox', {}, { removeOnComplete: true });
      exposition = await eventually(
        async () => {
          const response = await fetch(`${api.url}/metrics`);
          const text = await response.text();
          return new RegExp(
            `switchboard_queue_job_duration_seconds_count\\{queue="maintenance",name="prune-outbox"\\} [1-9]`,
          ).test(text)
            ? parseExposition(text)
            : undefined;
        },
        { timeoutMs: 30_000, what: `maintenance job ${job.id} to show on /metrics` },
      );
    });
    afterAll(() => api.close());

    it('exports every metric (and label) the dashboard queries', () => {
      const expressions = dashboardExpressions();
      expect(expressions.length).toBeGreaterThan(30);
      const problems = expressions.flatMap(({ where, expr }) =>
        missingFrom(exposition, where, expr),
      );
      expect(problems).toEqual([]);
    });

    it('exports every metric (and label) the alert rules use', () => {
      const problems = alertRules().flatMap((rule) =>
        missingFrom(exposition, `alert ${rule.alert}`, String(rule.expr)),
      );
      expect(problems).toEqual([]);
    });

    it('reports a renamed metric or label as missing', () => {
      expect(
        missingFrom(exposition, 'probe', 'sum(rate(switchboard_http_requests_total[5m]))'),
      ).toEqual(['probe: switchboard_http_requests_total is not on /metrics']);
      expect(
        missingFrom(
          exposition,
          'probe',
          'max by (queue) (switchboard_queue_jobs{status="failed"})',
        ),
      ).toEqual(['probe: switchboard_queue_jobs has no label "status"']);
      expect(
        missingFrom(exposition, 'probe', 'sum by (tenant) (switchboard_websocket_connections)'),
      ).toEqual([
        'probe: no series of sum by (tenant) (switchboard_websocket_connections) has the label "tenant" it groups by',
      ]);
    });

    it('reads readiness, outbox backlog and subscriptions from their real sources', async () => {
      const value = async (series: RegExp) => {
        const text = await (await fetch(`${api.url}/metrics`)).text();
        const line = text.split('\n').find((candidate) => series.test(candidate));
        if (!line) throw new Error(`no sample matching ${series}`);
        return Number(line.slice(line.lastIndexOf(' ') + 1));
      };
      for (const check of ['database', 'redis', 'queues']) {
        expect(
          await value(new RegExp(`^switchboard_readiness_check_up\\{check="${check}"\\} `)),
        ).toBe(1);
      }
      // An unpublished row two minutes old, not due for an hour (so no relay takes it).
      const [probe] = await api.dataSource.query<Array<{ id: string }>>(
        `INSERT INTO outbox_event (topic, payload, created_at, available_at)
         VALUES ('deploy-metrics-probe', '{}', now() - interval '2 minutes', now() + interval '1 hour')
         RETURNING id`,
      );
      try {
        expect(await value(/^switchboard_outbox_pending_events /)).toBeGreaterThanOrEqual(1);
        expect(
          await value(/^switchboard_outbox_oldest_pending_age_seconds /),
        ).toBeGreaterThanOrEqual(120);
      } finally {
        await api.dataSource.query('DELETE FROM outbox_event WHERE id = $1', [probe.id]);
      }

      const owner = await registerUser(api);
      const before = await value(/^switchboard_graphql_subscriptions /);
      const client = connect(api.wsUrl, { authorization: `Bearer ${owner.accessToken}` });
      try {
        const ticks = subscribe(client, 'subscription { serverTime(intervalMs: 1000) }');
        await ticks.next();
        expect(await value(/^switchboard_graphql_subscriptions /)).toBe(before + 1);
        expect(await value(/^switchboard_websocket_connections /)).toBeGreaterThanOrEqual(1);
        ticks.unsubscribe();
        await eventually(
          async () =>
            (await value(/^switchboard_graphql_subscriptions /)) === before ? true : undefined,
          { what: 'the subscription gauge to drop after complete' },
        );
      } finally {
        await client.dispose();
      }
    });
  });
});
