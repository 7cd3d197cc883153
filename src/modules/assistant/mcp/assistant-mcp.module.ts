import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { Viewer } from '@/access/viewer';
import { ApiRateLimitModule } from '@/graphql/rate-limit/api-rate-limiter';
import { UsersModule } from '@/modules/users/users.module';
import { UsersService } from '@/modules/users/users.service';
import { AgentRunsService } from '../agent-runs.service';
import { AssistantModule } from '../assistant.module';
import { ToolGate } from '../tool-gate.service';
import { ToolRegistry } from '../tools/tool-registry';
import { McpAdmissionMiddleware } from './mcp-admission.middleware';
import { McpController } from './mcp.controller';
import { McpServerFactory } from './mcp-server.factory';

/** The MCP door (POST /mcp): the assistant's tools for MCP clients, through the same gate. */
@Module({
  imports: [AssistantModule, UsersModule, ApiRateLimitModule],
  controllers: [McpController],
  providers: [
    McpAdmissionMiddleware,
    {
      provide: McpServerFactory,
      inject: [ToolRegistry, ToolGate, UsersService, AgentRunsService],
      useFactory: (
        offer: ToolRegistry,
        gate: ToolGate,
        users: UsersService,
        runs: AgentRunsService,
      ): McpServerFactory =>
        new McpServerFactory({
          offer,
          gate,
          timeZoneOf: (viewer: Viewer) => users.timeZoneOf(viewer.userId),
          record: (viewer, run) =>
            runs.record(viewer, {
              ...run,
              conversationId: null,
              channel: 'mcp',
              planner: 'mcp',
              planningMs: 0,
              modelRoundTrips: 0,
              inputTokens: 0,
              outputTokens: 0,
              cacheReadTokens: 0,
              cacheWriteTokens: 0,
            }),
        }),
    },
  ],
})
export class AssistantMcpModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(McpAdmissionMiddleware).forRoutes(McpController);
  }
}
