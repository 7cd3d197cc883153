import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, RateLimitedError } from '@/common/errors/domain-errors';
import { JSONRPC_INTERNAL_ERROR, sendJsonRpcError } from './mcp-http-errors';

/** The challenge a client without (valid) credentials gets: RFC 6750 Bearer. */
export function bearerChallenge(request: Pick<Request, 'headers'>): string {
  return request.headers.authorization
    ? 'Bearer realm="switchboard", error="invalid_token", error_description="The access token or API key is invalid or expired"'
    : 'Bearer realm="switchboard"';
}

/**
 * What /mcp answers when the access guard refuses a request, or the handler
 * fails before the transport answered: HTTP status plus a JSON-RPC error body
 * (MCP clients read both), never GraphQL's error shape or a stack trace.
 */
@Catch()
export class McpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(McpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (exception instanceof DomainError && exception.code === 'UNAUTHENTICATED') {
      return sendJsonRpcError(response, 401, exception.message, {
        headers: { 'WWW-Authenticate': bearerChallenge(request) },
      });
    }
    if (exception instanceof DomainError && exception.code === 'FORBIDDEN') {
      return sendJsonRpcError(response, 403, exception.message);
    }
    if (exception instanceof RateLimitedError) {
      return sendJsonRpcError(response, 429, exception.message, {
        headers: { 'Retry-After': String(exception.retryAfterSeconds) },
      });
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return sendJsonRpcError(response, exception.getStatus(), exception.message);
    }
    this.logger.error({ err: exception }, 'MCP request failed');
    sendJsonRpcError(response, 500, 'Internal server error', { code: JSONRPC_INTERNAL_ERROR });
  }
}
