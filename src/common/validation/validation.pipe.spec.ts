import { ArgumentMetadata } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, Max, ValidateNested } from 'class-validator';
import { BadUserInputError } from '../errors/domain-errors';
import { createValidationPipe, GRAPHQL_ARGS } from './validation.pipe';

class Address {
  @IsEmail()
  email: string;
}

class Input {
  @IsInt()
  @Max(100)
  first: number;

  @ValidateNested()
  @Type(() => Address)
  contact: Address;
}

/** A parent is handed over with @nestjs/graphql's ROOT parameter type, 0. */
const GRAPHQL_ROOT = 0;

describe('validation pipe', () => {
  const metadata: ArgumentMetadata = { type: 'body', metatype: Input };

  it('reports every failed field with its path as BAD_USER_INPUT', async () => {
    const error = await createValidationPipe()
      .transform({ first: 500, contact: { email: 'not-an-email' } }, metadata)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadUserInputError);
    const fields = (error as BadUserInputError).details!.fields as Array<{ path: string }>;
    expect(fields.map((field) => field.path)).toEqual(['first', 'contact.email']);
  });

  it('passes valid input through, transformed to its class', async () => {
    const value = (await createValidationPipe().transform(
      { first: 5, contact: { email: 'a@b.co' } },
      metadata,
    )) as Input;
    expect(value).toBeInstanceOf(Input);
    expect(value.contact).toBeInstanceOf(Address);
  });

  it('validates GraphQL arguments', async () => {
    const args = { type: GRAPHQL_ARGS, metatype: Input, data: 'input' } as unknown;
    await expect(
      createValidationPipe().transform({ first: 500 }, args as ArgumentMetadata),
    ).rejects.toBeInstanceOf(BadUserInputError);
  });

  it('hands a resolver its parent object untouched, without copying or validating it', async () => {
    const parent = { first: 500, contact: { email: 'not-an-email' } };
    const root = { type: GRAPHQL_ROOT, metatype: Input } as unknown;
    expect(await createValidationPipe().transform(parent, root as ArgumentMetadata)).toBe(parent);
  });

  it('knows the parameter types @nestjs/graphql gives @Args() and @Parent()', () => {
    @Resolver()
    class Probe {
      @ResolveField()
      field(@Parent() parent: unknown, @Args('input') input: Input): unknown {
        return [parent, input];
      }
    }
    // Nest keys each parameter's metadata `${type}:${index}`.
    const params = Object.keys(
      Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'field') as Record<string, unknown>,
    ).sort();
    expect(params).toEqual([`${GRAPHQL_ROOT}:0`, `${GRAPHQL_ARGS}:1`]);
  });

  it('validates the same arguments again every time', async () => {
    const pipe = createValidationPipe();
    const args = { type: GRAPHQL_ARGS, metatype: Input, data: 'input' } as unknown;
    const good = { first: 50, contact: { email: 'a@b.co' } };
    const bad = { first: 500, contact: { email: 'a@b.co' } };
    await expect(pipe.transform(bad, args as ArgumentMetadata)).rejects.toBeInstanceOf(
      BadUserInputError,
    );
    const first = await pipe.transform(good, args as ArgumentMetadata);
    const again = (await pipe.transform(good, args as ArgumentMetadata)) as Input;
    expect(again).toBeInstanceOf(Input);
    expect(again).not.toBe(first);
    await expect(pipe.transform(bad, args as ArgumentMetadata)).rejects.toBeInstanceOf(
      BadUserInputError,
    );
  });
});
