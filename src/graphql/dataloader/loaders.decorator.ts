import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DataLoaderRegistry } from './dataloader-registry';

/** The request's DataLoaderRegistry, for resolvers: `@Loaders() loaders: DataLoaderRegistry`. */
export const Loaders = createParamDecorator(
  (_data: unknown, context: ExecutionContext): DataLoaderRegistry => {
    const { loaders } = GqlExecutionContext.create(context).getContext<{
      loaders?: DataLoaderRegistry;
    }>();
    // A missing registry would otherwise surface as "cannot read properties of
    // undefined" deep inside a field resolver.
    if (!loaders) {
      throw new Error(
        'No DataLoaderRegistry in the GraphQL context; the context factory must set `loaders`',
      );
    }
    return loaders;
  },
);
