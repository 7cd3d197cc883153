/**
 * Just enough PromQL reading to check dashboards and alert rules against a
 * /metrics page: which series names an expression selects, and which label
 * names it relies on. Not a parser; it strips what is not a series name
 * (strings, Grafana variables, durations, numbers, functions, keywords).
 */

/** One vector selector: a series name and the label names of its matchers. */
export interface Selector {
  metric: string;
  labels: string[];
}

export interface ExpressionNames {
  selectors: Selector[];
  /** Label names of `by`/`without`/`on`/`ignoring`/`group_left`/`group_right` clauses. */
  groupingLabels: string[];
}

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'and',
  'or',
  'unless',
  'atan2',
  'inf',
  'nan',
]);

const IDENTIFIER = /[A-Za-z_:][A-Za-z0-9_:]*/y;
const LABEL_MATCHER = /([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)/g;

function labelNamesOf(list: string): string[] {
  return list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

/** Reads the series names and label names of one PromQL expression (Grafana variables allowed). */
export function namesInExpression(expression: string): ExpressionNames {
  // Strings first: label values and Grafana variables inside them are not names.
  const strings: string[] = [];
  let text = expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, (match) => {
    strings.push(match);
    return '""';
  });
  text = text
    .replace(/#[^\n]*/g, ' ') // comments
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ') // Grafana variables ($__rate_interval, ${instance})
    .replace(/\[[^\]]*\]/g, ' ') // range and subquery brackets
    .replace(/\boffset\s+-?[0-9a-z]+/gi, ' ') // offset 15m
    .replace(/@\s*(?:start\(\)|end\(\)|[0-9.]+)/g, ' '); // @ modifier

  const groupingLabels: string[] = [];
  text = text.replace(
    /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g,
    (_match, _keyword, list: string) => {
      groupingLabels.push(...labelNamesOf(list));
      return ' ';
    },
  );

  const selectors: Selector[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '{') {
      // A selector without a name in front ({__name__="..."}) is not used here.
      throw new Error(`selector without a metric name in: ${expression}`);
    }
    if (/[0-9.]/.test(char) && !/[A-Za-z_:]/.test(text[index - 1] ?? '')) {
      const number = /(?:0x[0-9a-f]+|[0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)/iy;
      number.lastIndex = index;
      const match = number.exec(text);
      index += match ? match[0].length : 1;
      continue;
    }
    IDENTIFIER.lastIndex = index;
    const match = IDENTIFIER.exec(text);
    if (!match) {
      index += 1;
      continue;
    }
    const name = match[0];
    index += name.length;
    let next = index;
    while (text[next] === ' ' || text[next] === '\n' || text[next] === '\t') next += 1;
    if (text[next] === '(') continue; // a function or aggregation
    if (KEYWORDS.has(name.toLowerCase())) continue;
    let labels: string[] = [];
    if (text[next] === '{') {
      const close = text.indexOf('}', next);
      if (close < 0) throw new Error(`unclosed label matchers in: ${expression}`);
      const matchers = text.slice(next + 1, close);
      labels = [...matchers.matchAll(LABEL_MATCHER)].map((found) => found[1]);
      index = close + 1;
    }
    selectors.push({ metric: name, labels });
  }
  return { selectors, groupingLabels };
}

/** A parsed /metrics page: metric families and the series names and label names seen in samples. */
export interface Exposition {
  /** family name → type, from `# TYPE` lines. */
  families: Map<string, string>;
  /** series name → label names seen on its samples. */
  series: Map<string, Set<string>>;
}

/** Reads the Prometheus text format. */
export function parseExposition(text: string): Exposition {
  const families = new Map<string, string>();
  const series = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      families.set(type[1], type[2]);
      continue;
    }
    if (line.startsWith('#') || line.trim() === '') continue;
    const sample = /^([A-Za-z_:][A-Za-z0-9_:]*)(\{(.*)\})?\s/.exec(line);
    if (!sample) continue;
    const labels = series.get(sample[1]) ?? new Set<string>();
    for (const found of (sample[3] ?? '').matchAll(/([A-Za-z_][A-Za-z0-9_]*)="/g)) {
      labels.add(found[1]);
    }
    series.set(sample[1], labels);
  }
  return { families, series };
}

/** The series names a family of this type exposes (histograms: _bucket, _sum, _count). */
export function seriesNamesOf(family: string, type: string): string[] {
  if (type === 'histogram') return [`${family}_bucket`, `${family}_sum`, `${family}_count`];
  if (type === 'summary') return [family, `${family}_sum`, `${family}_count`];
  return [family];
}
