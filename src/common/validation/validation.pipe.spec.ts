import { ArgumentMetadata } from '@nestjs/common';
import { GqlParamtype } from '@nestjs/graphql/dist/enums/gql-paramtype.enum.js';
import { Type } from 'class-transformer';
import * as classValidator from 'class-validator';
import { IsEmail, IsInt, Max, ValidateNested } from 'class-validator';
import { BadUserInputError } from '../errors/domain-errors';
import { createValidationPipe } from './validation.pipe';

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
    const args = { type: GqlParamtype.ARGS, metatype: Input, data: 'input' } as unknown;
    await expect(
      createValidationPipe().transform({ first: 500 }, args as ArgumentMetadata),
    ).rejects.toBeInstanceOf(BadUserInputError);
  });

  it('hands a resolver its parent object untouched, without copying or validating it', async () => {
    const parent = { first: 500, contact: { email: 'not-an-email' } };
    const root = { type: GqlParamtype.ROOT, metatype: Input } as unknown;
    expect(await createValidationPipe().transform(parent, root as ArgumentMetadata)).toBe(parent);
  });

  describe('arguments that passed before', () => {
    const args = {
      type: GqlParamtype.ARGS,
      metatype: Input,
      data: 'input',
    } as unknown as ArgumentMetadata;

    it('are not walked through class-validator again, and still come back as instances', async () => {
      const pipe = createValidationPipe();
      const walk = jest.spyOn(classValidator, 'validate');
      const first = await pipe.transform({ first: 5, contact: { email: 'a@b.co' } }, args);
      const again = (await pipe.transform(
        { first: 5, contact: { email: 'a@b.co' } },
        args,
      )) as Input;
      expect(walk).toHaveBeenCalledTimes(1);
      expect(again).toBeInstanceOf(Input);
      expect(again.contact).toBeInstanceOf(Address);
      expect(again).not.toBe(first);
      await pipe.transform({ first: 6, contact: { email: 'a@b.co' } }, args);
      expect(walk).toHaveBeenCalledTimes(2);
      walk.mockRestore();
    });

    it('are told apart from failed ones, which fail every time', async () => {
      const pipe = createValidationPipe();
      const bad = { first: 500, contact: { email: 'a@b.co' } };
      await expect(pipe.transform(bad, args)).rejects.toBeInstanceOf(BadUserInputError);
      await expect(pipe.transform(bad, args)).rejects.toBeInstanceOf(BadUserInputError);
      await pipe.transform({ first: 50, contact: { email: 'a@b.co' } }, args);
      await expect(pipe.transform(bad, args)).rejects.toBeInstanceOf(BadUserInputError);
    });
  });
});
