import type { Response } from 'express';

/** JSON-RPC's "server error" code, used (as the MCP SDK does) for HTTP-level refusals. */
export const JSONRPC_SERVER_ERROR = -32000;
export const JSONRPC_INTERNAL_ERROR = -32603;

/**
 * Answers an HTTP-level refusal as the Streamable HTTP transport does: a
 * JSON-RPC error object with a null id (the request was not read as JSON-RPC).
 */
export function sendJsonRpcError(
  response: Response,
  status: number,
  message: string,
  options: { code?: number; headers?: Record<string, string>; data?: Record<string, unknown> } = {},
): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  for (const [name, value] of Object.entries(options.headers ?? {}))
    response.setHeader(name, value);
  response.status(status).json({
    jsonrpc: '2.0',
    error: {
      code: options.code ?? JSONRPC_SERVER_ERROR,
      message,
      ...(options.data ? { data: options.data } : {}),
    },
    id: null,
  });
}
