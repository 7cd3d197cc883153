import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** class-validator on every argument and input; failures are BAD_USER_INPUT with field paths. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      return new BadUserInputError(
        `Invalid input: ${fields.map((field) => `${field.path} ${field.message.replace(new RegExp(`^${field.path.split('.').pop()} `), '')}`).join('; ')}`,
        fields,
      );
    },
  });
}
