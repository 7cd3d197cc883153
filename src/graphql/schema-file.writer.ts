import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { graphqlConfig } from '@/config/configuration';
import { renderSchema, SCHEMA_FILE } from './schema-file';

/** In development, keeps the committed schema.gql in step with the code on every start. */
@Injectable()
export class SchemaFileWriter implements OnApplicationBootstrap {
  constructor(
    private readonly schemaHost: GraphQLSchemaHost,
    @Inject(graphqlConfig.KEY) private readonly config: ConfigType<typeof graphqlConfig>,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.writeSchemaFile) this.write();
  }

  /** Writes schema.gql when it differs; returns whether it changed. */
  write(): boolean {
    const text = renderSchema(this.schemaHost.schema);
    if (existsSync(SCHEMA_FILE) && readFileSync(SCHEMA_FILE, 'utf8') === text) return false;
    writeFileSync(SCHEMA_FILE, text);
    new Logger(SchemaFileWriter.name).log(`wrote ${SCHEMA_FILE}`);
    return true;
  }
}
