import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { MAX_MEMBER_QUERY_LENGTH } from '@/modules/organizations/member-search';
import { MembersService } from '@/modules/organizations/members.service';
import { TeamsService } from '@/modules/organizations/teams.service';
import { defineTool, ToolDefinition } from './tool-definition';

/** Members find_members answers at most. */
export const MAX_FOUND_MEMBERS = 25;

/** The directory: who is in the organization, and its teams (organization:read). */
@Injectable()
export class DirectoryTools {
  readonly tools: ToolDefinition[];

  constructor(
    private readonly members: MembersService,
    private readonly teams: TeamsService,
  ) {
    this.tools = [this.findMembers(), this.listTeams()] as ToolDefinition[];
  }

  private findMembers() {
    return defineTool({
      name: 'find_members',
      title: 'Find members',
      description:
        "Finds the organization's members by name or email (every word must match; leave query out to list " +
        "everyone). Use it to turn a person's name into the user id that assigneeId, attendeeIds, userIds and " +
        'agentId take. Returns id (user id), name, email, role and time zone.',
      input: z
        .object({
          query: z
            .string()
            .trim()
            .max(MAX_MEMBER_QUERY_LENGTH)
            .describe('Name or email, or part of it.')
            .optional(),
        })
        .strict(),
      permission: 'organization:read',
      readOnly: true,
      destructive: false,
      run: async (context, input) => {
        const found = await this.members.findMembers(
          context.viewer,
          { query: input.query },
          MAX_FOUND_MEMBERS + 1,
        );
        return {
          members: found.slice(0, MAX_FOUND_MEMBERS).map((member) => ({
            id: member.userId,
            name: member.name,
            email: member.email,
            role: member.role,
            timeZone: member.timezone,
          })),
          truncated: found.length > MAX_FOUND_MEMBERS,
        };
      },
    });
  }

  private listTeams() {
    return defineTool({
      name: 'list_teams',
      title: 'List teams',
      description:
        "The organization's teams with their ids (teamId of create_task, update_task, list_tasks).",
      input: z.object({}).strict(),
      permission: 'organization:read',
      readOnly: true,
      destructive: false,
      run: async (context) => ({
        teams: (await this.teams.list(context.viewer)).map((team) => ({
          id: team.id,
          name: team.name,
          description: team.description,
        })),
      }),
    });
  }
}
