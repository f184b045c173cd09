// Payload kinds (docs/payloads.md), defined once: the bindings read the names back through `abi_payload_kinds`
// (test/common/abi.test.ts checks their copy).

export const PAYLOAD_LOKI: u32 = 0;
export const PAYLOAD_OTLP: u32 = 1;
export const PAYLOAD_ELASTICSEARCH: u32 = 2;
export const PAYLOAD_SPLUNK_HEC: u32 = 3;
export const PAYLOAD_KIND_NAMES = "loki,otlp,elasticsearch,splunk-hec";
