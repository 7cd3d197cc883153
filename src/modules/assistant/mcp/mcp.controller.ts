import { Controller, Delete, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, Response } from 'express';
import { CurrentViewer, Public, RequirePermission } from '@/access/auth.decorators';
import type { Viewer } from '@/access/viewer';
import { McpExceptionFilter } from './mcp-exception.filter';
import { sendJsonRpcError } from './mcp-http-errors';
import { McpServerFactory } from './mcp-server.factory';

/**
 * The MCP endpoint (Streamable HTTP, stateless): every POST carries its own
 * credentials, gets its own server for its caller, and is answered with JSON.
 * There are no sessions, so no server-initiated stream to GET and nothing to
 * DELETE; both answer 405 as the transport specification allows.
 */
@Controller('mcp')
@UseFilters(McpExceptionFilter)
export class McpController {
  constructor(private readonly servers: McpServerFactory) {}

  @Post()
  @RequirePermission('assistant:use')
  async handle(
    @CurrentViewer() viewer: Viewer,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const server = this.servers.create(viewer);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response, request.body);
  }

  // Public: there is nothing to authorize, only a method this server does not offer.
  @Get()
  @Public()
  stream(@Res() response: Response): void {
    this.methodNotAllowed(response);
  }

  @Delete()
  @Public()
  endSession(@Res() response: Response): void {
    this.methodNotAllowed(response);
  }

  private methodNotAllowed(response: Response): void {
    sendJsonRpcError(
      response,
      405,
      'Method not allowed: this MCP server is stateless (POST only)',
      {
        headers: { Allow: 'POST' },
      },
    );
  }
}
