import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Public, RequireUser } from '@/access/auth.decorators';
import { Viewer } from '@/access/viewer';
import { OrganizationsService } from '@/modules/organizations/organizations.service';
import { User } from '@/modules/users/user.entity';
import { UsersService } from '@/modules/users/users.service';
import { VoicePinService } from '@/modules/users/voice-pin.service';
import { AuthPayload, ClientInfo } from './auth-payload.type';
import { AuthService } from './auth.service';
import { Client } from './client-info.decorator';
import { LoginInput } from './dto/login.input';
import { RegisterInput } from './dto/register.input';
import { UpdateProfileInput } from './dto/update-profile.input';
import { Session } from './session.entity';
import {
  AcceptInviteArgs,
  IdArgs,
  OrganizationIdArgs,
  RefreshSessionArgs,
  SetVoicePinArgs,
} from './dto/token.args';
import { ViewerType } from './viewer.type';
import { LoginThrottle } from './login-throttle.service';
import { EmailVerificationService } from '@/modules/users/email-verification.service';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly voicePins: VoicePinService,
    private readonly verification: EmailVerificationService,
    private readonly throttle: LoginThrottle,
  ) {}

  @Public()
  @Mutation(() => AuthPayload, {
    description: 'Creates a user and their first organization, which they own.',
  })
  register(
    @Args('input') input: RegisterInput,
    @Client() client: ClientInfo,
  ): Promise<AuthPayload> {
    return this.auth.register(input, client);
  }

  @Public()
  @Mutation(() => AuthPayload)
  login(@Args('input') input: LoginInput, @Client() client: ClientInfo): Promise<AuthPayload> {
    return this.auth.login(input, client);
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description: 'Exchanges a refresh token (single use) for a new token pair.',
  })
  refreshSession(
    @Args() { refreshToken }: RefreshSessionArgs,
    @Client() client: ClientInfo,
  ): Promise<AuthPayload> {
    return this.auth.refresh(refreshToken, client);
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description:
      'With the token from an invitation email: sets the password of the invited person (a new account, or one whose address was never verified), verifies the address, creates the membership and signs them in there. A verified account with a password accepts with acceptInvitation instead.',
  })
  acceptInvite(
    @Args() { token, password }: AcceptInviteArgs,
    @Client() client: ClientInfo,
  ): Promise<AuthPayload> {
    return this.auth.acceptInvite(token, password, client);
  }

  @Public()
  @Mutation(() => Boolean, {
    description:
      'Verifies the email address of an account with the single-use token from its verification email (valid 24 hours).',
  })
  async verifyEmail(@Args('token') token: string, @Client() client: ClientInfo): Promise<boolean> {
    await this.throttle.admitPublicAction('verifyEmail', client.ip ?? 'unknown');
    await this.verification.verify(token);
    return true;
  }

  @RequireUser()
  @Mutation(() => Boolean, {
    description:
      "Mails a new verification link to the caller's address (earlier links stop working); CONFLICT when already verified.",
  })
  resendVerification(@CurrentViewer() viewer: Viewer): Promise<boolean> {
    return this.verification.resend(viewer.userId!);
  }

  @RequireUser()
  @Mutation(() => AuthPayload)
  switchOrganization(
    @CurrentViewer() viewer: Viewer,
    @Args() { organizationId }: OrganizationIdArgs,
    @Client() client: ClientInfo,
  ): Promise<AuthPayload> {
    return this.auth.switchOrganization(viewer, organizationId, client);
  }

  @RequireUser()
  @Mutation(() => Boolean, { description: 'Ends the current session.' })
  logout(@CurrentViewer() viewer: Viewer): Promise<boolean> {
    return this.auth.logout(viewer);
  }

  @RequireUser()
  @Mutation(() => Boolean, { description: 'Ends every session of the signed-in user.' })
  logoutAll(@CurrentViewer() viewer: Viewer): Promise<boolean> {
    return this.auth.logoutAll(viewer);
  }

  @RequireUser()
  @Mutation(() => Boolean)
  revokeSession(@CurrentViewer() viewer: Viewer, @Args() { id }: IdArgs): Promise<boolean> {
    return this.auth.revokeSession(viewer, id);
  }

  @RequireUser()
  @Query(() => [Session])
  sessions(@CurrentViewer() viewer: Viewer): Promise<Session[]> {
    return this.auth.sessions(viewer);
  }

  @RequireUser()
  @Query(() => ViewerType)
  async me(@CurrentViewer() viewer: Viewer): Promise<ViewerType> {
    const [user, memberships, [organization]] = await Promise.all([
      this.users.findById(viewer.userId!),
      this.organizations.membershipsOfUser(viewer.userId!),
      this.organizations.findByIds([viewer.organizationId]),
    ]);
    return { user, organization, role: viewer.role, memberships };
  }

  @RequireUser()
  @Mutation(() => User, { description: 'Sets the PIN used to sign in by phone (4–8 digits).' })
  setVoicePin(@CurrentViewer() viewer: Viewer, @Args() { pin }: SetVoicePinArgs): Promise<User> {
    return this.voicePins.set(viewer.userId!, pin);
  }

  @RequireUser()
  @Mutation(() => User, {
    description:
      "Changes the caller's own name, phone (E.164, how the phone assistant recognises them) or time zone; only the fields given.",
  })
  updateProfile(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: UpdateProfileInput,
  ): Promise<User> {
    return this.users.updateProfile(viewer.userId!, input);
  }
}
