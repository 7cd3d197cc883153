import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { BadUserInputError } from '../errors/domain-errors';

/** `input.email`-style paths with every failed constraint, for forms to show next to fields. */
export function fieldErrors(
  errors: ValidationError[],
  parent = '',
): Array<{ path: string; message: string }> {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...fieldErrors(error.children ?? [], path)];
  });
}

/**
 * The parameter type @nestjs/graphql gives pipes for `@Args()`. GraphQL
 * parameters are numbered (root 0, context 1, info 2, args 3) where HTTP
 * ones are named (`'body'`); the enum is not exported from the package's
 * entry point, so the value is written here and validation.pipe.spec.ts
 * checks it against a real resolver's arguments.
 */
export const GRAPHQL_ARGS = 3;

/**
 * class-validator on every argument and input; failures are BAD_USER_INPUT
 * with field paths as the client wrote them (`input.email` for
 * `@Args('input')`, `pin` for a flat argument).
 */
class ArgumentValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Nest runs global pipes on every resolver parameter, @Parent() included:
    // left alone, each field resolver would copy and validate its parent row.
    const type = metadata.type as ArgumentMetadata['type'] | number;
    if (typeof type === 'number' && type !== GRAPHQL_ARGS) return value;
    try {
      return (await super.transform(value, metadata)) as unknown;
    } catch (error) {
      const fields = error instanceof BadUserInputError ? error.details?.fields : undefined;
      if (!metadata.data || !Array.isArray(fields)) throw error;
      const prefixed = (fields as Array<{ path: string; message: string }>).map((field) => ({
        ...field,
        path: `${metadata.data}.${field.path}`,
      }));
      throw BadUserInputError.forFields(prefixed);
    }
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ArgumentValidationPipe({
    transform: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      return BadUserInputError.forFields(fields);
    },
  });
}
