/**
 * The layers of src/ (ARCHITECTURE.md): each folder imports only from the
 * folders before it, and nothing imports in a circle. `npm run lint` runs
 * this, so the layering cannot drift.
 *
 *   config → common → observability → database → messaging → access → graphql
 *     → modules (users, audit, mail → organizations → identity → the domains → assistant → phone → automations)
 *     → cli, entities.ts, *.module.ts, main.ts, worker.ts (the composition root)
 */
const LAYERS = ['config', 'common', 'observability', 'database', 'messaging', 'access', 'graphql'];
const MODULE_TIERS = [
  ['mail'],
  ['users'],
  ['audit'],
  ['organizations'],
  ['identity'],
  ['tasks', 'calendar', 'calls', 'fleet', 'system', 'operations'],
  ['assistant'],
  ['phone'],
  ['automations'],
];

const layerRules = LAYERS.map((layer, index) => ({
  name: `layer-${layer}`,
  comment: `src/${layer}/ may import only from the layers below it (${LAYERS.slice(0, index).join(', ') || 'none'})`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: {
    path: `^src/(${[...LAYERS.slice(index + 1), 'modules', 'cli'].join('|')})/|^src/[^/]+\\.ts$`,
  },
}));

const moduleRules = MODULE_TIERS.flatMap((tier, index) =>
  tier.map((name) => {
    const allowed = [name, ...MODULE_TIERS.slice(0, index).flat()];
    return {
      name: `module-${name}`,
      comment: `modules/${name} may use only ${allowed.slice(1).join(', ') || 'no other module'}; domains never import each other`,
      severity: 'error',
      from: { path: `^src/modules/${name}/` },
      to: {
        path: '^src/modules/([^/]+)/|^src/cli/|^src/[^/]+\\.ts$',
        pathNot: `^src/modules/(${allowed.join('|')})/`,
      },
    };
  }),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    ...layerRules,
    ...moduleRules,
    {
      name: 'unknown-module',
      comment: 'every folder under src/modules belongs to a tier in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: `^src/modules/(${MODULE_TIERS.flat().join('|')})/` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
