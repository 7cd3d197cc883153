import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { GqlParamtype } from '@nestjs/graphql/dist/enums/gql-paramtype.enum.js';
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

/** Arguments whose JSON is longer are validated every time, not remembered. */
const MAX_REMEMBERED_LENGTH = 512;
/** Remembered arguments per class at most: with the length cap, ≤ 256 kB a class. */
const MAX_REMEMBERED = 500;

/**
 * class-validator on every argument and input; failures are BAD_USER_INPUT
 * with field paths as the client wrote them (`input.email` for
 * `@Args('input')`, `pin` for a flat argument).
 *
 * Arguments that passed are remembered by class and JSON, so the same
 * arguments again (a board's page query, every few seconds from every
 * client) skip class-validator's walk over the class's rules. That holds
 * because every validator here is a pure function of the value — no clock,
 * no database; a rule that is not must not be added to an argument class.
 * The arguments are still turned into class instances every time.
 */
class ArgumentValidationPipe extends ValidationPipe {
  private readonly passed = new Map<unknown, Set<string>>();

  protected override async validate(
    object: object,
    options?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    const key = rememberable(object);
    const passed = this.passed.get(object.constructor);
    if (key !== undefined && passed?.has(key)) return [];
    const errors = await super.validate(object, options);
    if (key !== undefined && errors.length === 0) {
      const remembered = passed ?? new Set<string>();
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      remembered.add(key);
      this.passed.set(object.constructor, remembered);
    }
    return errors;
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Nest runs global pipes on every resolver parameter, @Parent() included:
    // left alone, each field resolver would copy and validate its parent row.
    const type = metadata.type as ArgumentMetadata['type'] | GqlParamtype;
    if (typeof type === 'number' && type !== GqlParamtype.ARGS) return value;
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

/** The JSON of a small argument object, or undefined when it is not worth remembering. */
function rememberable(object: object): string | undefined {
  try {
    const json = JSON.stringify(object);
    return json.length <= MAX_REMEMBERED_LENGTH ? json : undefined;
  } catch {
    return undefined;
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
