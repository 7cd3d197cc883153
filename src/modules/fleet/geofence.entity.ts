import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Unique } from 'typeorm';
import { TenantEntity } from '@/database/base.entity';
import { GraphQLJSON } from '@/graphql/scalars';

/** A named area: a GeoJSON Polygon (validated on creation, see geometry.ts). */
@ObjectType('Geofence')
@Entity('geofence')
@Unique('geofence_organization_id_key', ['organizationId', 'id'])
export class Geofence extends TenantEntity {
  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field(() => GraphQLJSON, { description: 'GeoJSON Polygon' })
  @Column({ type: 'jsonb' })
  geometry: { type: 'Polygon'; coordinates: number[][][] };
}
