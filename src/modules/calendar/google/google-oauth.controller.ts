import { Controller, Get, HttpException, Query } from '@nestjs/common';
import { Public } from '../../../common/auth/auth.decorators';
import { GoogleConnectionsService, OAuthCallbackError } from './google-connections.service';

/**
 * Google's OAuth redirect target. Public (the browser arrives without our
 * token): who is connecting comes only from the signed, short-lived `state`.
 */
@Controller('oauth/google')
export class GoogleOAuthController {
  constructor(private readonly connections: GoogleConnectionsService) {}

  @Public()
  @Get('callback')
  async callback(
    @Query('code') code?: string,
    @Query('state') state?: string,
    @Query('error') error?: string,
  ): Promise<{ connected: true; connectionId: string; accountEmail: string | null }> {
    if (error) throw new HttpException({ error: `Google: ${error}` }, 400);
    try {
      const connection = await this.connections.completeAuthorization(code, state);
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
