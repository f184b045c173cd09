// The host ABI of the logsieve engine. Everything exported here is a batch call over raw memory.
export { findByte, findJsonSpecial } from "./scan";
export * from "./regex/exports";
