// Injected into the CommonJS bundle (dist/node.cjs), where import.meta does not exist: build.mjs defines
// import.meta.url as this value, the bundle's own file URL, so the .wasm beside it is found as in the ES module.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
