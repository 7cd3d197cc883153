import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { toBoolean, toInteger, emptyToUndefined } from './transforms';

/** The GraphQL endpoint: introspection, landing page, schema file, query limits. */
export class GraphqlVariables {
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['sandbox', 'production', 'off'])
  GRAPHQL_LANDING_PAGE?: 'sandbox' | 'production' | 'off';

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  GRAPHQL_SCHEMA_WRITE?: boolean;

  @Transform(toInteger)
  @IsInt()
  @Min(2)
  @Max(50)
  GRAPHQL_MAX_DEPTH = 12;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(500)
  GRAPHQL_MAX_ALIASES = 20;

  @Transform(toInteger)
  @IsInt()
  @Min(100)
  GRAPHQL_MAX_TOKENS = 3000;

  @Transform(toInteger)
  @IsInt()
  @Min(100)
  GRAPHQL_MAX_COST = 50000;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  GRAPHQL_MAX_DIRECTIVES = 30;
}
