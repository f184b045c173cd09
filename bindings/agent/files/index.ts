// The files part of the agent, for the composition: the Tailer, its checkpoints, and what they hand out.
export { Tailer, TailedFile, type TailerOptions, type TailerEvents, type TailedFileStats } from './tail.ts';
export { Checkpoints, CheckpointFormatError, CHECKPOINT_FILE, DEFAULT_RETENTION_MS, type Checkpoint, type StreamOffsets } from './checkpoints.ts';
export { DEFAULT_GLOBS, Discovery, type DiscoveryOptions, type DiscoveredFile } from './discover.ts';
export { FINGERPRINT_BYTES, type FileIdentity } from './identity.ts';
