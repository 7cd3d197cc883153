import type { ApolloServerPlugin } from '@apollo/server';
import { MetricsService } from '@/observability/metrics.service';

/** Distinct operation names kept as label values; later new names share {@link OTHER_OPERATIONS}. */
export const MAX_OPERATION_LABELS = 200;
/** The label every operation name beyond the first {@link MAX_OPERATION_LABELS} gets. */
export const OTHER_OPERATIONS = '__other__';

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Operation names come from clients: each distinct one would be a new time
 * series. The first `limit` sane names are kept; anything else (new names
 * past the limit, overlong names) is counted under `__other__`.
 */
export class OperationLabels {
  private readonly known = new Set<string>();

  constructor(private readonly limit = MAX_OPERATION_LABELS) {}

  label(operationName: string | null | undefined): string {
    if (!operationName) return 'anonymous';
    if (this.known.has(operationName)) return operationName;
    if (!OPERATION_NAME.test(operationName) || this.known.size >= this.limit) {
      return OTHER_OPERATIONS;
    }
    this.known.add(operationName);
    return operationName;
  }
}

/** Times each GraphQL operation by name, type and outcome. */
export function graphqlMetricsPlugin(
  metrics: MetricsService,
  labels = new OperationLabels(),
): ApolloServerPlugin {
  return {
    requestDidStart() {
      const end = metrics.graphqlOperationDuration.startTimer();
      return Promise.resolve({
        willSendResponse({ operationName, operation, errors }) {
          end({
            operation: labels.label(operationName),
            type: operation?.operation ?? 'invalid',
            outcome: errors && errors.length > 0 ? 'error' : 'success',
          });
          return Promise.resolve();
        },
      });
    },
  };
}
