// The key util.inspect (console.log) looks for; Symbol.for works in browsers too, without importing node:util.
/** @internal */
export const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
