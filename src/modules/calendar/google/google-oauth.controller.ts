import { Controller, Get, HttpException, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@/access/auth.decorators';
import { GoogleConnectionsService, OAuthCallbackError } from './google-connections.service';
import { readCookie, STATE_COOKIE } from './oauth-state';

/**
 * Google's OAuth redirect target. Public (the browser arrives without our
 * token): who is connecting comes only from the signed, short-lived,
 * single-use `state`, accepted only with the nonce cookie set for the browser
 * that asked for the consent URL. The cookie is cleared either way.
 */
@Controller('oauth/google')
export class GoogleOAuthController {
  constructor(private readonly connections: GoogleConnectionsService) {}

  @Public()
  @Get('callback')
  async callback(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Query('code') code?: string,
    @Query('state') state?: string,
    @Query('error') error?: string,
  ): Promise<{ connected: true; connectionId: string; accountEmail: string | null }> {
    response.append('Set-Cookie', this.connections.stateCookie(null));
    if (error) throw new HttpException({ error: `Google: ${error}` }, 400);
    try {
      const connection = await this.connections.completeAuthorization(
        code,
        state,
        readCookie(request.headers.cookie, STATE_COOKIE),
      );
      return {
        connected: true,
        connectionId: connection.id,
        accountEmail: connection.accountEmail,
      };
    } catch (failure) {
      if (failure instanceof OAuthCallbackError) {
        throw new HttpException({ error: failure.message }, failure.status);
      }
      throw failure;
    }
  }
}
