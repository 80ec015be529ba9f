export { text, hasControlCharacters, jsonDepth, boundedJsonObject, MAX_JSON_DEPTH } from "./text";
