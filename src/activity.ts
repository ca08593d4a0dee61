// The shape checks an incoming activity must pass before the bot sees it. The Bot Framework
// always sends these fields; a request without them is malformed (400), not a server error.

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasId = (v: unknown) => isObject(v) && typeof v.id === 'string' && v.id !== '';
const isListOfObjects = (v: unknown) => Array.isArray(v) && v.every(isObject);

/** Why the body is not an activity SIP Doc can handle, or undefined when it is. */
export function activityProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'Expected a Bot Framework activity: a JSON object.';
  if (typeof body.type !== 'string' || body.type === '') return 'The activity has no "type".';
  // Blank counts as missing: the SDK skips the channel endorsement check of a blank channelId.
  if (typeof body.channelId !== 'string' || body.channelId.trim() === '') return 'The activity has no "channelId".';
  for (const field of ['from', 'recipient', 'conversation'] as const) {
    if (!hasId(body[field])) return `The activity has no "${field}.id".`;
  }
  if (body.text !== undefined && body.text !== null && typeof body.text !== 'string') return '"text" must be a string.';
  if (body.attachments !== undefined && body.attachments !== null && !isListOfObjects(body.attachments)) return '"attachments" must be a list of objects.';
  if (body.entities !== undefined && body.entities !== null && !isListOfObjects(body.entities)) return '"entities" must be a list of objects.';
  if (body.type === 'invoke' && typeof body.name === 'string' && body.name.startsWith('composeExtension/query')) {
    const value = body.value;
    if (!isObject(value)) return 'A message extension query needs a "value" object.';
    const params = value.parameters;
    if (params !== undefined && !(Array.isArray(params) && params.every((p) => isObject(p) && typeof p.name === 'string'))) {
      return '"value.parameters" must be a list of {name, value}.';
    }
  }
  return undefined;
}

/**
 * What the adapter expects of a parsed body: timestamps as dates (botbuilder's own fix-up), and a
 * card submit's `value: null` as no value (the teams-ai router reads properties of it).
 */
export function normalizeActivity(body: Record<string, unknown>): Record<string, unknown> {
  if (body.value === null) delete body.value;
  for (const key of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const v = body[key];
    if (typeof v === 'string') {
      const raw = `raw${key[0]!.toUpperCase()}${key.slice(1)}`;
      body[raw] = v;
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) delete body[key];
      else body[key] = d;
    }
  }
  return body;
}
