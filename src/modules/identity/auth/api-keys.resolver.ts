import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequirePermission } from '@/access/auth.decorators';
import { Viewer } from '@/access/viewer';
import { ApiKey, CreatedApiKey } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyInput } from './dto/create-api-key.input';
import { IdArgs } from './dto/token.args';

@Resolver(() => ApiKey)
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @RequirePermission('api-keys:manage')
  @Query(() => [ApiKey])
  apiKeys(@CurrentViewer() viewer: Viewer): Promise<ApiKey[]> {
    return this.keys.list(viewer);
  }

  @RequirePermission('api-keys:manage')
  @Mutation(() => CreatedApiKey, { description: 'The secret is in this response only.' })
  createApiKey(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateApiKeyInput,
  ): Promise<CreatedApiKey> {
    return this.keys.create(viewer, input);
  }

  @RequirePermission('api-keys:manage')
  @Mutation(() => ApiKey)
  revokeApiKey(@CurrentViewer() viewer: Viewer, @Args() { id }: IdArgs): Promise<ApiKey> {
    return this.keys.revoke(viewer, id);
  }
}
