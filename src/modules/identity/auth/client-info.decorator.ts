import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { ClientInfo } from './auth-payload.type';

/** The caller's IP (as Express resolves it behind trusted proxies) and user agent. */
export const Client = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ClientInfo => {
    const request =
      context.getType<string>() === 'graphql'
        ? GqlExecutionContext.create(context).getContext<{ req: Partial<Request> }>().req
        : context.switchToHttp().getRequest<Request>();
    const agent = request.headers?.['user-agent'];
    return {
      ip: request.ip ?? request.socket?.remoteAddress ?? null,
      userAgent: typeof agent === 'string' ? agent : null,
    };
  },
);
