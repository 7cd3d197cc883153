import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { can } from '@/access/permissions';
import type { Viewer } from '@/access/viewer';
import type { ToolDescriptor } from '../assistant-types';
import { CalendarTools } from './calendar.tools';
import { CallTools } from './call.tools';
import { DirectoryTools } from './directory.tools';
import { FleetTools } from './fleet.tools';
import { TaskTools } from './task.tools';
import type { ToolDefinition } from './tool-definition';

/**
 * The assistant's one set of tools, over the domain services. The planners,
 * the MCP server and the gate all read it here: what a caller is offered is
 * exactly what their role may do, described the same way everywhere.
 */
@Injectable()
export class ToolRegistry {
  private readonly tools: ReadonlyMap<string, ToolDefinition>;
  /** Descriptors in registration order, made once (JSON Schema conversion is not free). */
  private readonly descriptors: ReadonlyArray<{ tool: ToolDefinition; descriptor: ToolDescriptor }>;

  constructor(
    tasks: TaskTools,
    calendar: CalendarTools,
    calls: CallTools,
    fleet: FleetTools,
    directory: DirectoryTools,
  ) {
    const all = [tasks, calendar, calls, fleet, directory].flatMap((group) => group.tools);
    const tools = new Map<string, ToolDefinition>();
    for (const tool of all) {
      if (tools.has(tool.name)) throw new Error(`two assistant tools are named ${tool.name}`);
      if (tool.destructive && !tool.summarize) {
        throw new Error(`the destructive tool ${tool.name} has no summarize`);
      }
      tools.set(tool.name, tool);
    }
    this.tools = tools;
    this.descriptors = all.map((tool) => ({ tool, descriptor: toolDescriptor(tool) }));
  }

  all(): ToolDefinition[] {
    return [...this.tools.values()];
  }

  get(name: string): ToolDefinition | undefined {
    return this.tools.get(name);
  }

  /** The tools the viewer's role may use, as offered to a planner or an MCP client. */
  offeredTo(viewer: Pick<Viewer, 'role'>): ToolDescriptor[] {
    return this.descriptors
      .filter(({ tool }) => can(viewer.role, tool.permission))
      .map(({ descriptor }) => descriptor);
  }
}

/**
 * The tool as a model sees it. The JSON Schema describes the input a caller
 * sends (`io: 'input'`): fields with a default are optional there.
 */
export function toolDescriptor(tool: ToolDefinition): ToolDescriptor {
  const { $schema: _dialect, ...inputSchema } = z.toJSONSchema(tool.input, { io: 'input' });
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema,
    readOnly: tool.readOnly,
    destructive: tool.destructive,
  };
}
