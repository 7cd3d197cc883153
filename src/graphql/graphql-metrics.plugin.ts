import type { ApolloServerPlugin } from '@apollo/server';
import { MetricsService } from '../observability/metrics.service';

/** Times each GraphQL operation by name, type and outcome. */
export function graphqlMetricsPlugin(metrics: MetricsService): ApolloServerPlugin {
  return {
    requestDidStart() {
      const end = metrics.graphqlOperationDuration.startTimer();
      return Promise.resolve({
        willSendResponse({ operationName, operation, errors }) {
          end({
            operation: operationName ?? 'anonymous',
            type: operation?.operation ?? 'invalid',
            outcome: errors && errors.length > 0 ? 'error' : 'success',
          });
          return Promise.resolve();
        },
      });
    },
  };
}
