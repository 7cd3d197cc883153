import type { z } from 'zod';
import type { Permission } from '@/access/permissions';
import type { Viewer } from '@/access/viewer';
import type { ToolContext, ToolDescriptor } from '../assistant-types';

/**
 * One assistant tool. Names and inputs are public API (AssistantReply.toolCalls,
 * MCP): inputs carry resolved ids and ISO-8601 instants, field names as in the
 * GraphQL inputs. The handler calls the domain services with `context.viewer`,
 * so permissions, tenant scope, audit and live events are the same as GraphQL.
 */
export interface ToolDefinition<Schema extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: Schema;
  permission: Permission;
  readOnly: boolean;
  /** Needs confirmation (ToolGate): delete_task, delete_event. */
  destructive: boolean;
  /** For destructive tools: the question asked before running, e.g. `Delete the task "X"?` */
  summarize?(context: ToolContext, input: z.output<Schema>): Promise<string>;
  /** Returns JSON-serialisable output (ids, titles, ISO instants). Throws DomainErrors. */
  run(context: ToolContext, input: z.output<Schema>): Promise<unknown>;
}

/** Keeps a tool's input type tied to its schema. */
export const defineTool = <Schema extends z.ZodObject>(
  tool: ToolDefinition<Schema>,
): ToolDefinition<Schema> => tool;

/** What the gate needs of the registry (ToolRegistry implements it). */
export interface ToolCatalog {
  get(name: string): ToolDefinition | undefined;
}

export const TOOL_CATALOG = Symbol('TOOL_CATALOG');

/** The tools a caller's role may be offered (ToolRegistry implements it). */
export interface ToolOffer {
  offeredTo(viewer: Viewer): ToolDescriptor[];
}

export const TOOL_OFFER = Symbol('TOOL_OFFER');
