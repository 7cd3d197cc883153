import { Clarification, Unsupported, type State, type Handler, tool } from './builtin-parse-state';
import { VEHICLE_MENTION, spokenNumbers, findVehicle } from './builtin-resolve-things';
import { orList } from './builtin-text';

// Fleet and directory grammar: alerts, vehicle locations, vehicles, teams and members.

export const fleet: Handler = (s) => {
  const text = s.text;
  if (
    /^(?:ack|acknowledge|dismiss|clear)\b/i.test(text) &&
    /\balerts?\b|\balarms?\b|^ack/i.test(text)
  ) {
    s.tool = 'acknowledge_alert';
    if (/\b(?:all|every|everything)\b/i.test(text)) {
      throw new Unsupported('I can only acknowledge one alert at a time. Which one?');
    }
    const vehicle = findVehicle(s, text);
    const chosen = s.chosen['alert:'];
    if (chosen) return tool(s, 'acknowledge_alert', { id: chosen });
    const alerts = (s.ctx.directory.alerts ?? []).filter(
      (a) => !vehicle || a.vehicleId === vehicle.id,
    );
    if (alerts.length === 1) return tool(s, 'acknowledge_alert', { id: alerts[0].id });
    const where = vehicle ? ` for ${vehicle.name}` : '';
    if (alerts.length === 0) throw new Clarification(`There is no open alert${where}.`, null);
    const vehicleName = (id: string | null) =>
      s.ctx.directory.vehicles.find((v) => v.id === id)?.name ?? 'no vehicle';
    const options = alerts.map((a) => ({
      id: a.id,
      label: `${a.kind.toLowerCase().replace(/_/g, ' ')} on ${vehicleName(a.vehicleId)}`,
      hints: [a.kind.replace(/_/g, ' ')],
    }));
    throw new Clarification(
      `There are ${alerts.length} open alerts${where}: ${orList(options.map((o) => o.label))}. Which one?`,
      'alert',
      '',
      options,
    );
  }
  const where = /\bwhere(?:'s|\s+is|\s+are)\b|\blocat(?:e|ion)\b|\bposition\b|\bhow far\b/i.test(
    text,
  );
  if (/\balerts?\b|\balarms?\b/i.test(text)) {
    s.tool = 'list_fleet_alerts';
    const vehicle = findVehicle(s, text);
    const input: Record<string, unknown> = {};
    if (vehicle) input.vehicleId = vehicle.id;
    if (!/\ball\b/i.test(text) || /\bopen|unacknowledged|new\b/i.test(text))
      input.acknowledged = false;
    return tool(s, 'list_fleet_alerts', input);
  }
  if (where || /^(?:find|track)\b/i.test(text)) {
    const pronoun = /\b(?:it|that one)\b/i.test(text) && s.ctx.memory.lastVehicleId;
    if (VEHICLE_MENTION.test(spokenNumbers(text)) || pronoun || findVehicleQuiet(s, text)) {
      s.tool = 'locate_vehicle';
      const vehicle = findVehicle(s, text);
      const vehicleId = vehicle?.id ?? s.ctx.memory.lastVehicleId;
      if (!vehicleId) throw new Clarification('Which vehicle?', 'vehicle', '', []);
      return tool(s, 'locate_vehicle', { vehicleId });
    }
  }
  if (/\b(?:vehicles|fleet|trucks|vans)\b/i.test(text) && !/\btasks?\b/i.test(text)) {
    s.tool = 'list_vehicles';
    return tool(s, 'list_vehicles', {});
  }
  return null;
};

function findVehicleQuiet(s: State, text: string): boolean {
  try {
    return !!findVehicle(s, text);
  } catch {
    return true;
  }
}

export const directory: Handler = (s) => {
  const text = s.text;
  if (/\bteams\b/i.test(text) && /\b(?:list|show|what|which|all)\b/i.test(text)) {
    s.tool = 'list_teams';
    return tool(s, 'list_teams', {});
  }
  let m: RegExpExecArray | null;
  if (
    (m =
      /(?<![\w'])([A-Za-z][\w.-]*(?:\s+[A-Z][\w.-]*)?)'s\s+(?:e-?mail|phone|number|contact|role|details)\b/i.exec(
        text,
      )) ||
    (m =
      /\b(?:e-?mail|phone|number|contact details|role)\s+(?:address\s+)?(?:of|for)\s+([A-Za-z][\w.-]*(?:\s+[A-Z][\w.-]*)?)/i.exec(
        text,
      )) ||
    (m =
      /^(?:who\s+is|who's|find|look up|lookup|search for)\s+([A-Za-z][\w.-]*(?:\s+[A-Z][\w.-]*)?)$/i.exec(
        text,
      ))
  ) {
    s.tool = 'find_members';
    return tool(s, 'find_members', { query: m[1].trim() });
  }
  if (
    /\b(?:members|people|staff|colleagues|employees|everyone)\b/i.test(text) &&
    /\b(?:list|show|who|all)\b/i.test(text)
  ) {
    s.tool = 'find_members';
    return tool(s, 'find_members', {});
  }
  return null;
};
