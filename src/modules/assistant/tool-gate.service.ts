import { Inject, Injectable, Logger } from '@nestjs/common';
import type { z } from 'zod';
import { can, PERMISSIONS } from '@/access/permissions';
import { DomainError } from '@/common/errors/domain-errors';
import type { ToolContext, ToolOutcome } from './assistant-types';
import { ConfirmationService, RedeemFailure } from './confirmation.service';
import { TOOL_CATALOG, ToolCatalog } from './tools/tool-definition';

const REDEEM_MESSAGES: Record<RedeemFailure, string> = {
  unknown: 'That confirmation is not valid for you.',
  used: 'That confirmation was already used.',
  expired: 'That confirmation expired; ask again.',
  mismatch: 'That confirmation was given for a different request.',
};

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}

export interface GateResult {
  outcome: ToolOutcome;
  /** The input the tool ran (or would run) with, after validation; the raw input when invalid. */
  input: Record<string, unknown>;
}

/**
 * Every tool call from every door (askAssistant's planners, MCP, voice, SMS)
 * passes here: the tool must exist, the caller's role must allow it now (not
 * just when it was offered), the input must validate, and a destructive tool
 * runs only with a confirmation token minted for this very call. What a
 * planner was told — by a user or by text hidden in data — cannot change any
 * of that.
 */
@Injectable()
export class ToolGate {
  private readonly logger = new Logger(ToolGate.name);

  constructor(
    @Inject(TOOL_CATALOG) private readonly catalog: ToolCatalog,
    private readonly confirmations: ConfirmationService,
  ) {}

  async call(
    context: ToolContext,
    name: string,
    rawInput: unknown,
    options: { confirmationToken?: string } = {},
  ): Promise<GateResult> {
    const asObject =
      rawInput && typeof rawInput === 'object' && !Array.isArray(rawInput)
        ? (rawInput as Record<string, unknown>)
        : {};
    const tool = this.catalog.get(name);
    if (!tool) {
      return {
        outcome: { status: 'error', code: 'UNKNOWN_TOOL', message: `There is no tool "${name}".` },
        input: asObject,
      };
    }
    const { viewer } = context;
    if (!can(viewer.role, tool.permission)) {
      return {
        outcome: {
          status: 'error',
          code: 'FORBIDDEN',
          message: `Your role (${viewer.role}) cannot do that: ${name} needs permission to ${PERMISSIONS[
            tool.permission
          ].toLowerCase()} (${tool.permission}).`,
        },
        input: asObject,
      };
    }
    const parsed = tool.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return {
        outcome: {
          status: 'error',
          code: 'BAD_USER_INPUT',
          message: `Invalid input for ${name}: ${describeIssues(parsed.error)}`,
        },
        input: asObject,
      };
    }
    const input = parsed.data;
    try {
      if (tool.destructive) {
        const token = options.confirmationToken;
        if (!token) {
          const summary = tool.summarize
            ? await tool.summarize(context, input)
            : `Run ${name} with ${JSON.stringify(input)}?`;
          const minted = await this.confirmations.mint(viewer, name, input, summary, context.now);
          return {
            outcome: { status: 'needs_confirmation', summary, ...minted },
            input,
          };
        }
        const redeemed = await this.confirmations.redeem(viewer, token, name, input);
        if (!redeemed.ok) {
          return {
            outcome: {
              status: 'error',
              code: 'FORBIDDEN',
              message: REDEEM_MESSAGES[redeemed.reason],
            },
            input,
          };
        }
      }
      return { outcome: { status: 'ok', output: await tool.run(context, input) }, input };
    } catch (error) {
      if (error instanceof DomainError) {
        return { outcome: { status: 'error', code: error.code, message: error.message }, input };
      }
      this.logger.error(
        { err: error, tool: name, organizationId: viewer.organizationId },
        'assistant tool failed',
      );
      return {
        outcome: { status: 'error', code: 'INTERNAL', message: `${name} failed unexpectedly.` },
        input,
      };
    }
  }
}
