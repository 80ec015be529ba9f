/** The raw message of an ID in a catalog, or undefined. */
export function lookup(messages: unknown, id: string): unknown {
  let node: unknown = messages;
  for (const part of id.split(".")) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
